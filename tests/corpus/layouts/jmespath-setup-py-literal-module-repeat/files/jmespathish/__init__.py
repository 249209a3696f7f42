from jmespathish import parser
from jmespathish.visitor import Options

__version__ = '1.0.1'


def compile(expression):
    return parser.parse(expression)
