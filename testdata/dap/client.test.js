// VS Code's own test client for debug adapters (DebugClient, from
// @vscode/debugadapter-testsupport) drives `tdb dap` on testdata programs.
// ui/dap/npm_test.go runs it with `node --test`, after building tdb and the
// programs; it passes their paths in the environment:
//   TDB       the tdb binary
//   FIB       testdata/fib built with -N -l; FIB_SRC its main.go
//   CPROG     testdata/cprog built with gcc -g -O0
'use strict';

const { test } = require('node:test');
const assert = require('node:assert');
const { DebugClient } = require('@vscode/debugadapter-testsupport');

const env = (name) => {
	const v = process.env[name];
	if (!v) {
		throw new Error(`${name} is not set: run this through go test ./ui/dap -run TestDebugClient`);
	}
	return v;
};

// A client starts `tdb dap` (runtime TDB, argument "dap"), as an editor's
// debugAdapter executable configuration does.
async function withClient(fn) {
	const dc = new DebugClient(env('TDB'), 'dap', 'tdb');
	dc.defaultTimeout = 60000; // a loaded 2-core CI machine
	await dc.start();
	try {
		await fn(dc);
	} finally {
		await dc.stop();
	}
}

test('fib: breakpoint, stack, variables, stepping, repl, exit status', () => withClient(async (dc) => {
	const src = env('FIB_SRC');
	// Launch, set a breakpoint on main's loop once initialized, and
	// stop there: DebugClient's own scenario.
	await dc.hitBreakpoint({ program: env('FIB'), mode: 'exec' }, { path: src, line: 25 });

	const threads = (await dc.threadsRequest()).body.threads;
	assert.ok(threads.some((t) => t.id === 1), `goroutine 1 among ${JSON.stringify(threads)}`);

	let frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
	assert.strictEqual(frames[0].name, 'main.main');
	assert.strictEqual(frames[0].line, 25);
	const locals = async (frameId) => {
		const scopes = (await dc.scopesRequest({ frameId })).body.scopes;
		const vars = (await dc.variablesRequest({ variablesReference: scopes[0].variablesReference })).body.variables;
		return Object.fromEntries(vars.map((v) => [v.name, v.value]));
	};
	assert.strictEqual((await locals(frames[0].id)).i, '1');

	// stepIn enters fib(1); stepOut returns to main's line 25.
	await Promise.all([dc.stepInRequest({ threadId: 1 }), dc.waitForEvent('stopped')]);
	frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
	assert.strictEqual(frames[0].name, 'main.fib');
	assert.strictEqual((await locals(frames[0].id)).n, '1');
	await Promise.all([dc.stepOutRequest({ threadId: 1 }), dc.assertStoppedLocation('step', { path: src, line: 25 })]);
	await Promise.all([dc.nextRequest({ threadId: 1 }), dc.assertStoppedLocation('step', { path: src, line: 26 })]);
	frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
	assert.strictEqual((await locals(frames[0].id)).v, '1');

	// The debug console runs tdb's commands.
	const repl = await dc.evaluateRequest({ expression: 'print i + v', context: 'repl', frameId: frames[0].id });
	assert.strictEqual(repl.body.result, '2');
	const hover = await dc.evaluateRequest({ expression: 'sum', context: 'hover', frameId: frames[0].id });
	assert.strictEqual(hover.body.result, '0');

	// No breakpoints: on to the exit, status 3, with the program's output.
	await dc.setBreakpointsRequest({ source: { path: src }, breakpoints: [] });
	// Waiters first: the events may come before continue's response.
	const exited = dc.waitForEvent('exited');
	const terminated = dc.waitForEvent('terminated');
	const output = dc.assertOutput('stdout', 'fib(1) = 1');
	await dc.continueRequest({ threadId: 1 });
	assert.strictEqual((await exited).body.exitCode, 3);
	await output;
	await terminated;
}));

test('C program: function breakpoint with a condition, then exit', () => withClient(async (dc) => {
	const stopped = dc.waitForEvent('stopped');
	await Promise.all([
		dc.waitForEvent('initialized').then(() => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'fact', condition: 'n == 2' }] }))
			.then(() => dc.configurationDoneRequest()),
		dc.launch({ program: env('CPROG') }),
	]);
	const ev = await stopped;
	assert.strictEqual(ev.body.reason, 'function breakpoint');
	const frames = (await dc.stackTraceRequest({ threadId: ev.body.threadId })).body.stackFrames;
	assert.deepStrictEqual(frames.map((f) => f.name), ['fact', 'fact', 'fact', 'fact', 'main']);
	const exited = dc.waitForEvent('exited');
	await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
	await dc.continueRequest({ threadId: ev.body.threadId });
	assert.strictEqual((await exited).body.exitCode, 7);
}));
