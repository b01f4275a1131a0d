#!/usr/bin/env python3
"""usage: exponential.py KIND N OUT -- writes a spec whose naive expansion doubles N times: each definition uses
the previous one twice. KIND: fn (functions), let (param-stage scenario lets), arg (process arguments built from
lets), forward (a forward(tau) through nested calls of a function that uses its argument twice)."""
import sys

kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
head = "import std.processes;\n"
scen = """scenario s {
  horizon = 1 month; step = 1 day;
  P ~ gbm(s0 = 1 USD/Mtok, mu = 0/yr, sigma = 0.5/sqrt(yr));
%s
  report { %s }
}
"""
if kind == "fn":
    fns = ["fn f0(x) = x;"] + [f"fn f{i}(x) = f{i-1}(x) + f{i-1}(x);" for i in range(1, n + 1)]
    text = head + "\n".join(fns) + "\n" + scen % ("", f"mean(f{n}(P));")
elif kind == "let":
    lets = ["  param a0 = 1;"] + [f"  let a{i} = a{i-1} + a{i-1};" for i in range(1, n + 1)]
    text = head + scen % ("\n".join(lets), f"mean(a{n} * P);")
elif kind == "arg":
    lets = ["  param a0 = 0.1/yr;"] + [f"  let a{i} = (a{i-1} + a{i-1}) / 2;" for i in range(1, n + 1)]
    text = head + scen % ("\n".join(lets) + f"\n  Q ~ gbm(s0 = 1 USD/Mtok, mu = a{n}, sigma = 0.5/sqrt(yr));", "mean(Q);")
elif kind == "forward":
    nest = "x"
    for _ in range(n):
        nest = f"g({nest})"
    text = f"""import std;
fn g(x) = x * x / (1 + x * x);
process p(s0) {{
  state x = 0;
  update {{ x = x + 0.1 * sqrt(dt / yr) * normal(); }}
  value = s0 * exp(x);
  forward(tau) = s0 * exp({nest}) * exp(0 * tau / yr);
}}
scenario s {{
  horizon = 36 month; step = 1 day;
  TPI ~ p(s0 = 1.5 USD/Mtok);
  report {{ mean(TPI); }}
}}
hedge h for s {{
  exposure = consume(100 Mtok/day, price = TPI);
  instrument = SITM;
  pilot = 100;
}}
"""
else:
    sys.exit("unknown kind " + kind)
open(out, "w").write(text)
