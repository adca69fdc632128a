/* Written by prepbook: the pages of every part, for the theme's navigation script. */
window.prepbookNavTree = {
"guide/index.html":[
["Setup \u003cfast\u003e","guide/setup.html"],
["Usage","guide/usage.html"]]
};
