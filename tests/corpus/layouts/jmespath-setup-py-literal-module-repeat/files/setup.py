#!/usr/bin/env python

import io

from setuptools import setup, find_packages


setup(
    name='jmespathish',
    version='1.0.1',
    description='A fixture: JSON matching expressions',
    long_description=io.open('README.rst', encoding='utf-8').read(),
    url='https://github.com/example/jmespathish',
    packages=find_packages(exclude=['tests']),
    license='MIT',
    python_requires='>=3.7',
    classifiers=[
        'Programming Language :: Python :: 3',
    ],
)
