console.log("two");
