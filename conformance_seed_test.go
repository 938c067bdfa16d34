package main

// Seed cases that check the harness itself: a stop tdb and Delve agree on.
var _ = addDelveCases(
	delveCase{
		name:    "TestStepCallPtr/break",
		fixture: "teststepprog",
		cmds:    []string{"break main.CallFn", "continue", "next"},
		want:    []string{stop("main.CallFn", 9), stop("main.CallFn", 10)},
		live:    true,
	},
)
