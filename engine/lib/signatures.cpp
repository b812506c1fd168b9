// Keyword arguments for the simulated library, bound when the call runs: the natives take positional arguments,
// so a call with keywords (q.get(timeout=1), a module function used as a value and called later, such as a
// Thread class kept in a queue) is bound to CPython's signature first, with CPython's TypeErrors.
#include <algorithm>
#include <cctype>

#include "machine/interp.hpp"
#include "machine/objects.hpp"
#include "python/modules.hpp"

namespace il {

namespace {

Value default_value(Call& c, const std::string& text) {
  if (text == "None") return Value::none();
  if (text == "True") return Value::boolean(true);
  if (text == "False") return Value::boolean(false);
  if (text == "()") return Value::obj(c.sim.add_object(std::make_unique<TupleObject>(), c.t.proc));
  if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'') return Value::str(c.sim.intern(text.substr(1, text.size() - 2)));
  if (text.find('.') != std::string::npos) return Value::real(std::stod(text));
  return Value::integer(std::stoll(text));
}

// c's arguments bound to params (CPython's signature, named qualname in errors): the values of the parameters
// `order` names (-1: None), or false with TypeError raised. A parameter the simulator does not model (not in
// order) must keep its default, or the call is refused as NotImplementedError.
bool bind_params(Call& c, std::string_view qualname, const std::vector<py::Param>& params, const std::vector<int>& order,
                 std::vector<Value>& out) {
  Kernel& sim = c.sim;
  const std::string q(qualname);
  std::vector<Value> slots(params.size(), Value::unbound());
  std::size_t positional = 0, required = 0;
  for (const py::Param& p : params) positional += !p.keyword_only, required += !p.keyword_only && !p.has_default;
  const std::size_t npos = c.npos();
  if (npos > positional) {
    const std::string takes = required == positional ? std::to_string(positional)
                                                     : "from " + std::to_string(required) + " to " + std::to_string(positional);
    sim.raise(c.t, "TypeError", q + "() takes " + takes + " positional argument" + (positional == 1 && required == positional ? "" : "s") +
                                    " but " + std::to_string(npos) + (npos == 1 ? " was" : " were") + " given");
    return false;
  }
  for (std::size_t i = 0; i < npos; ++i) slots[i] = c.args[i];
  for (std::size_t k = 0; k < c.kwnames.size(); ++k) {
    const std::string& name = sim.str(c.kwnames[k]);
    std::size_t i = 0;
    while (i < params.size() && params[i].name != name) ++i;
    if (i == params.size()) {
      sim.raise(c.t, "TypeError", q + "() got an unexpected keyword argument '" + name + "'");
      return false;
    }
    if (slots[i].tag != Tag::Unbound) {
      sim.raise(c.t, "TypeError", q + "() got multiple values for argument '" + name + "'");
      return false;
    }
    slots[i] = c.args[npos + k];
  }
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < params.size(); ++i)
    if (slots[i].tag == Tag::Unbound && !params[i].has_default) missing.push_back(params[i].name);
  if (!missing.empty()) {
    sim.raise(c.t, "TypeError", q + "() missing " + std::to_string(missing.size()) + " required positional argument" +
                                    (missing.size() == 1 ? "" : "s") + ": " + name_list(missing));
    return false;
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (slots[i].tag == Tag::Unbound || std::find(order.begin(), order.end(), static_cast<int>(i)) != order.end()) continue;
    if (!slots[i].is_none()) {
      sim.raise(c.t, "NotImplementedError", q + "(" + params[i].name + "=...) is not supported by the simulator");
      return false;
    }
  }
  for (int i : order) {
    if (i < 0) out.push_back(Value::none());
    else if (slots[static_cast<std::size_t>(i)].tag != Tag::Unbound) out.push_back(slots[static_cast<std::size_t>(i)]);
    else out.push_back(default_value(c, params[static_cast<std::size_t>(i)].default_text));
  }
  return true;
}

} // namespace

bool bind_native_keywords(Call& c, std::string_view type, StrId method, std::vector<Value>& out) {
  Kernel& sim = c.sim;
  const std::string m = sim.str(method);
  const std::string qualname = std::string(type) + "." + m;
  const std::string_view spec = py::method_params(type, m);
  if (spec.empty()) {
    sim.raise(c.t, "TypeError", qualname + "() takes no keyword arguments");
    return false;
  }
  const std::vector<py::Param> params = py::parse_params(spec);
  if (m == "apply" || m == "apply_async" || m == "map" || m == "starmap") // what the simulated pool does not take yet
    for (StrId k : c.kwnames)
      if (sim.str(k) != "func" && sim.str(k) != "args" && sim.str(k) != "iterable" && sim.str(k) != "chunksize") {
        sim.raise(c.t, "NotImplementedError", "Pool." + m + "(" + sim.str(k) + "=...) is not supported by the simulator");
        return false;
      }
  // The arguments up to the last one given, defaults filling the gaps, as a positional call would pass them.
  std::size_t used = c.npos();
  for (StrId k : c.kwnames)
    for (std::size_t i = 0; i < params.size(); ++i)
      if (params[i].name == sim.str(k)) used = std::max(used, i + 1);
  std::vector<int> all; // the method models every parameter of its signature
  for (std::size_t i = 0; i < params.size(); ++i) all.push_back(static_cast<int>(i));
  std::vector<Value> values;
  if (!bind_params(c, qualname, params, all, values)) return false;
  out.assign(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(used));
  return true;
}

// [SECTION] NativeFunctionObject: a simulated module's function or class as a value

Outcome NativeFunctionObject::call_self(Call& c) {
  const py::Intrinsic& in = *py::intrinsic_at(intrinsic);
  const std::vector<py::Param> params = py::parse_params(in.params);
  const std::vector<int> order = py::native_order(in, params);
  std::vector<Value> args;
  if (!bind_params(c, in.qualname, params, order, args)) return Outcome::Raised;
  if (!in.deprecated.empty()) c.sim.warn(c.t, "DeprecationWarning", in.deprecated);
  Call inner{c.sim, c.t, args};
  const int outer = c.sim.context_override;
  if (start_method >= 0) c.sim.context_override = start_method;
  const Outcome o = c.sim.dispatch_native(in.native, inner);
  c.sim.context_override = outer;
  if (start_method >= 0 && o == Outcome::Done)
    if (auto* po = c.sim.as<ProcessObject>(inner.ret)) po->method = start_method; // started later, by start()
  c.ret = inner.ret;
  return o;
}

bool NativeFunctionObject::get_attr(Kernel& sim, Thread& t, StrId attr, Value& out) {
  (void)t;
  const py::Intrinsic& in = *py::intrinsic_at(intrinsic);
  const std::string& n = sim.str(attr);
  if (n == "__name__" || n == "__qualname__") out = Value::str(sim.intern(in.name));
  else if (n == "__module__") out = Value::str(sim.intern(in.module));
  else return false;
  return true;
}

std::string_view NativeFunctionObject::class_name() const {
  const py::Intrinsic& in = *py::intrinsic_at(intrinsic);
  const bool is_class = !in.name.empty() && std::isupper(static_cast<unsigned char>(in.name[0])) && in.module != "builtins";
  return is_class ? in.name : std::string_view{};
}

std::string NativeFunctionObject::repr(const Kernel& sim) const {
  (void)sim;
  const py::Intrinsic& in = *py::intrinsic_at(intrinsic);
  if (!class_name().empty()) return "<class '" + std::string(in.module == "queue" ? "queue" : in.module) + "." + std::string(in.name) + "'>";
  if (in.module == "builtins") return "<built-in function " + std::string(in.name) + ">";
  return "<function " + std::string(in.name) + ">";
}

bool method_arity(Call& c, std::string_view name, std::size_t min, std::size_t max, Arity form) {
  const std::size_t n = c.npos();
  if (n >= min && n <= max) return true;
  const std::string got = std::to_string(n);
  auto count = [](std::size_t k) { return std::to_string(k) + (k == 1 ? " argument" : " arguments"); };
  std::string msg;
  if (form == Arity::Exact) msg = std::string(name) + "() takes " + (max == 0 ? "no arguments" : "exactly one argument") + " (" + got + " given)";
  else if (form == Arity::VarArgs) msg = std::string(name) + "() takes " + (n < min ? "at least " + count(min) : "at most " + count(max)) + " (" + got + " given)";
  else if (min == max) msg = std::string(name) + " expected " + count(min) + ", got " + got;
  else msg = std::string(name) + " expected " + (n < min ? "at least " + count(min) : "at most " + count(max)) + ", got " + got;
  c.sim.raise(c.t, "TypeError", msg);
  return false;
}

} // namespace il
