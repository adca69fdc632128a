return "a string, not a table"
