return { assets = "one.css", render = function() return "" end }
