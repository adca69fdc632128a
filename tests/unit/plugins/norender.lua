return { render = "not a function" }
