package main

// The values a function returned, shown after the stop that left it (Delve's
// "Values returned:", tdb's "returned: NAME = VALUE" lines).
var _ = addDelveCases(
	// TestStepOutReturn (pkg/proc/proc_test.go, stepoutret): after
	// stepout from main.stepout the returned values are str = "return 47"
	// and num = 48, in that order; Delve prints them under "Values
	// returned:".
	delveCase{
		name:    "TestStepOutReturn/values",
		fixture: "stepoutret",
		cmds:    []string{"break main.stepout", "continue", "stepout"},
		want: []string{stop("main.stepout", 5), stop("main.main", 11),
			exact(`returned: str = "return 47"`), exact(`returned: num = 48`)},
		live: true,
	},
	// The same values when next leaves main.stepout through its return
	// (Delve prints "Values returned:" after a next off the end too, live:
	// stopped mid-line at the return address, line 11).
	delveCase{
		name:    "TestStepOutReturn/values-next",
		fixture: "stepoutret",
		cmds:    []string{"break main.stepout", "continue", "next", "next"},
		want: []string{stop("main.stepout", 5), stop("main.stepout", 6), stop("main.main", 11),
			exact(`returned: str = "return 47"`), exact(`returned: num = 48`)},
		live: true,
	},
	// TestClientServer_StepOutReturn (service/test/integration2_test.go,
	// stepoutret): the same stepout through the client: two return
	// values, str ("return 47", a string) then num ("48").
	delveCase{
		name:    "TestClientServer_StepOutReturn",
		fixture: "stepoutret",
		cmds:    []string{"break main.stepout", "continue", "stepout"},
		want: []string{stop("main.main", 11),
			exact(`returned: str = "return 47"`), exact(`returned: num = 48`)},
		live: true,
	},
)
