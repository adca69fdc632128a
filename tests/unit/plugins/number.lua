return { render = function() return 42 end }
