def parse(expression):
    return expression
