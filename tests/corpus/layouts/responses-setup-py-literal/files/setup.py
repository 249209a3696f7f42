from setuptools import setup

install_requires = [
    "requests>=2.30.0,<3.0",
    "urllib3>=1.25.10,<3.0",
]

tests_require = [
    "pytest>=7.0.0",
    "coverage >= 6.0.0",
    "tomli; python_version < '3.11'",
]

extras_require = {"tests": tests_require}

long_description = "A fixture modelled on the layout of a request-mocking library."

setup(
    name="responsesish",
    version="0.26.1",
    description="A fixture: the version is a literal in the setup() call.",
    long_description=long_description,
    long_description_content_type="text/plain",
    license="Apache 2.0",
    packages=["responsesish"],
    python_requires=">=3.8",
    extras_require=extras_require,
    classifiers=[
        "Programming Language :: Python :: 3",
    ],
)
