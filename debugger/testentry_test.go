package debugger

import "testing"

func TestTestRunPattern(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"-test.run", "TestMul$"}, "TestMul$"},
		{[]string{"-test.run=TestA/sub", "-test.v"}, "TestA"},
		{[]string{"--test.run", "Test[/]x/y"}, "Test[/]x"},
		{[]string{"-test.run", "A", "-test.run=B"}, "B"},
		{[]string{"-test.v", "--", "-test.run", "A"}, ""},
	}
	for _, tt := range tests {
		if got := testRunPattern(tt.args); got != tt.want {
			t.Errorf("testRunPattern(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
	for name, want := range map[string]bool{"Test": true, "TestX": true, "Test_x": true, "Testify": false, "FuzzParse": true, "Tester": false} {
		if got := isTestName(name, "Test") || isTestName(name, "Fuzz"); got != want {
			t.Errorf("isTestName(%q) = %v, want %v", name, got, want)
		}
	}
}
