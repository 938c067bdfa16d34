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
	delveCase{
		name:    "TestStepCallPtr/stepoff",
		fixture: "teststepprog",
		cmds:    []string{"break main.CallFn2", "continue", "step", "step", "step"},
		want:    []string{stop("main.CallFn2", 6), stop("main.CallFn2", 7), stop("main.CallFn", 11)},
		live:    true,
		known:   "step off the end of CallFn2 runs on into CallEface instead of stopping in CallFn",
	},
)
