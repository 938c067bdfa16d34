-- tdb's script for the gdb conformance cases (gdbconf_real_test.go): a
-- little of everything the interpreter does, and no output.
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local t = {name = "tdb", count = 0, list = {}}
for i = 1, 10 do
  t.count = t.count + fib(i)
  t.list[#t.list + 1] = i * 1.5
end
local s = string.rep("ab", 3) .. t.name
assert(t.count == 143 and #s == 9)
