// set and frozenset. The table is CPython 3.11's (Objects/setobject.c): 8 slots to start, a probe of the slot
// hash & mask and the 9 after it, then perturbation (i = i*5 + 1 + (perturb >>= 5)); growth to 4x the used
// count when 3/5 of the slots are taken; a removed key leaves a dummy that a later add may take. The
// operations follow CPython's algorithms (which set is iterated, when a table is presized or copied as it
// is), so the order a set iterates in, and prints in, is CPython's for the same program.
//
// [SECTION] the table
// [SECTION] building and combining sets
// [SECTION] methods and operators
#include <algorithm>

#include "machine/interp.hpp"
#include "machine/objects.hpp"
#include "vm/text.hpp"

namespace il {

namespace {

constexpr std::size_t kLinearProbes = 9;
constexpr int kPerturbShift = 5;

} // namespace

// [SECTION] the table

int SetObject::find(const Kernel& sim, Value key, std::int64_t hash) const {
  const std::size_t mask = table.size() - 1;
  std::size_t i = static_cast<std::size_t>(hash) & mask, perturb = static_cast<std::size_t>(hash);
  while (true) {
    const std::size_t probes = i + kLinearProbes <= mask ? kLinearProbes : 0;
    for (std::size_t j = i; j <= i + probes; ++j) {
      const Entry& e = table[j];
      if (e.state == Slot::Empty) return -1;
      if (e.state == Slot::Active && e.hash == hash && interp_detail::equal(sim, e.key, key)) return static_cast<int>(j);
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

void SetObject::add(const Kernel& sim, Value key, std::int64_t hash) {
  const std::size_t mask = table.size() - 1;
  std::size_t i = static_cast<std::size_t>(hash) & mask, perturb = static_cast<std::size_t>(hash);
  Entry* freeslot = nullptr; // the last dummy passed on the way
  while (true) {
    const std::size_t probes = i + kLinearProbes <= mask ? kLinearProbes : 0;
    for (std::size_t j = i; j <= i + probes; ++j) {
      Entry& e = table[j];
      if (e.state == Slot::Empty) {
        if (freeslot) {
          *freeslot = {key, hash, Slot::Active};
          ++used;
          return;
        }
        e = {key, hash, Slot::Active};
        ++fill;
        ++used;
        if (static_cast<std::size_t>(fill) * 5 >= mask * 3) resize(used > 50000 ? used * 2 : used * 4);
        return;
      }
      if (e.state == Slot::Active && e.hash == hash && interp_detail::equal(sim, e.key, key)) return;
      if (e.state == Slot::Dummy) freeslot = &e;
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

namespace {

// set_insert_clean: into a table known to have no dummies and not to hold the key.
void insert_clean(std::vector<SetObject::Entry>& table, Value key, std::int64_t hash) {
  const std::size_t mask = table.size() - 1;
  std::size_t i = static_cast<std::size_t>(hash) & mask, perturb = static_cast<std::size_t>(hash);
  while (true) {
    const std::size_t probes = i + kLinearProbes <= mask ? kLinearProbes : 0;
    for (std::size_t j = i; j <= i + probes; ++j)
      if (table[j].state == SetObject::Slot::Empty) {
        table[j] = {key, hash, SetObject::Slot::Active};
        return;
      }
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

} // namespace

bool SetObject::discard(const Kernel& sim, Value key, std::int64_t hash) {
  const int i = find(sim, key, hash);
  if (i < 0) return false;
  table[static_cast<std::size_t>(i)] = {Value::none(), -1, Slot::Dummy};
  --used;
  return true;
}

void SetObject::resize(std::int64_t minused) {
  std::size_t size = 8;
  while (size <= static_cast<std::size_t>(minused)) size <<= 1;
  if (size == 8 && table.size() == 8 && fill == used) return; // the small table without dummies: nothing to do
  std::vector<Entry> old(size);
  old.swap(table);
  for (const Entry& e : old)
    if (e.state == Slot::Active) insert_clean(table, e.key, e.hash);
  fill = used;
}

void SetObject::clear() {
  table.assign(8, Entry{});
  fill = used = 0;
}

std::vector<Value> SetObject::items() const {
  std::vector<Value> out;
  out.reserve(static_cast<std::size_t>(used));
  for (const Entry& e : table)
    if (e.state == Slot::Active) out.push_back(e.key);
  return out;
}

std::int64_t SetObject::frozen_hash() const {
  auto shuffle = [](std::uint64_t h) { return ((h ^ 89869747ULL) ^ (h << 16)) * 3644798167ULL; };
  std::uint64_t h = 0;
  for (const Entry& e : table) h ^= shuffle(static_cast<std::uint64_t>(e.state == Slot::Empty ? 0 : e.hash));
  if ((static_cast<std::int64_t>(table.size()) - fill) & 1) h ^= shuffle(0);
  if ((fill - used) & 1) h ^= shuffle(~0ULL);
  h ^= (static_cast<std::uint64_t>(used) + 1) * 1927868237ULL;
  h ^= (h >> 11) ^ (h >> 25);
  h = h * 69069U + 907133923ULL;
  if (h == ~0ULL) h = 590923713ULL;
  return static_cast<std::int64_t>(h);
}

std::string SetObject::repr(const Kernel& sim) const {
  if (used == 0) return std::string(kind()) + "()";
  std::string s = frozen ? "frozenset({" : "{";
  bool first = true;
  for (const Entry& e : table)
    if (e.state == Slot::Active) {
      if (!first) s += ", ";
      first = false;
      s += e.key.is_obj() && e.key.as_obj() == id ? (frozen ? "frozenset(...)" : "set(...)") : sim.repr(e.key);
    }
  return s + (frozen ? "})" : "}");
}

// [SECTION] building and combining sets

namespace {

SetObject* as_set(Kernel& sim, Value v) { return sim.as<SetObject>(v); }

SetObject& new_set(Kernel& sim, Thread& t, bool frozen, Value& out) {
  auto s = std::make_unique<SetObject>();
  s->frozen = frozen;
  SetObject& ref = *s;
  out = Value::obj(sim.add_object(std::move(s), t.proc));
  return ref;
}

} // namespace

bool set_key_hash(Kernel& sim, Thread& t, Value key, std::int64_t& h) {
  if (auto* s = sim.as<SetObject>(key); s && !s->frozen) {
    SetObject tmp; // CPython builds frozenset(key) first: its hash is that table's
    for (Value v : s->items()) {
      std::int64_t vh = 0;
      try_hash(sim, v, vh);
      tmp.add(sim, v, vh);
    }
    h = tmp.frozen_hash();
    return true;
  }
  return hash_value(sim, t, key, h);
}

namespace {

// set_merge: other's entries into so, presized, copied slot for slot when so is empty and alike.
void merge(const Kernel& sim, SetObject& so, const SetObject& other) {
  if (&so == &other || other.used == 0) return;
  const auto mask = static_cast<std::int64_t>(so.table.size()) - 1;
  if ((so.fill + other.used) * 5 >= mask * 3) so.resize((so.used + other.used) * 2);
  if (so.fill == 0 && so.table.size() == other.table.size() && other.fill == other.used) {
    so.table = other.table;
    so.fill = other.fill;
    so.used = other.used;
    return;
  }
  if (so.fill == 0) {
    for (const auto& e : other.table)
      if (e.state == SetObject::Slot::Active) insert_clean(so.table, e.key, e.hash);
    so.fill = so.used = other.used;
    return;
  }
  for (const auto& e : other.table)
    if (e.state == SetObject::Slot::Active) so.add(sim, e.key, e.hash);
}

// set_update_internal: the items of any iterable into so.
bool update(Kernel& sim, Thread& t, SetObject& so, Value other) {
  if (auto* o = as_set(sim, other)) {
    merge(sim, so, *o);
    return true;
  }
  if (auto* d = sim.as<DictObject>(other)) {
    const auto n = static_cast<std::int64_t>(d->keys.size());
    if ((so.fill + n) * 5 >= (static_cast<std::int64_t>(so.table.size()) - 1) * 3) so.resize((so.used + n) * 2);
  }
  std::vector<Value> items;
  if (!items_of(sim, t, other, items)) return false;
  for (Value v : items) {
    std::int64_t h = 0;
    if (!hash_value(sim, t, v, h)) return false;
    so.add(sim, v, h);
  }
  return true;
}

Value copy_of(Kernel& sim, Thread& t, const SetObject& so) {
  Value out;
  SetObject& r = new_set(sim, t, so.frozen, out);
  merge(sim, r, so);
  return out;
}

// The items of an iterable argument as a set to probe: the set itself, or a temporary one.
bool probe_set(Kernel& sim, Thread& t, Value other, SetObject& tmp, const SetObject*& out) {
  if (auto* o = as_set(sim, other)) {
    out = o;
    return true;
  }
  out = &tmp;
  return update(sim, t, tmp, other);
}

// set_intersection
bool intersection(Kernel& sim, Thread& t, SetObject& so, Value other, Value& out) {
  if (other.is_obj() && other.as_obj() == so.id) {
    out = copy_of(sim, t, so);
    return true;
  }
  SetObject& r = new_set(sim, t, so.frozen, out);
  if (auto* o = as_set(sim, other)) {
    const SetObject *big = &so, *small = o;
    if (o->used > so.used) std::swap(big, small);
    for (const auto& e : small->table)
      if (e.state == SetObject::Slot::Active && big->find(sim, e.key, e.hash) >= 0) r.add(sim, e.key, e.hash);
    return true;
  }
  std::vector<Value> items;
  if (!items_of(sim, t, other, items)) return false;
  for (Value v : items) {
    std::int64_t h = 0;
    if (!hash_value(sim, t, v, h)) return false;
    if (so.find(sim, v, h) >= 0) {
      r.add(sim, v, h);
      if (r.used >= so.used) break;
    }
  }
  return true;
}

// set_difference_update_internal
bool difference_update(Kernel& sim, Thread& t, SetObject& so, Value other) {
  if (other.is_obj() && other.as_obj() == so.id) {
    so.clear();
    return true;
  }
  if (auto* o = as_set(sim, other)) {
    Value narrowed = other;
    if ((o->used >> 3) > so.used && !intersection(sim, t, so, other, narrowed)) return false;
    for (Value v : as_set(sim, narrowed)->items()) {
      std::int64_t h = 0;
      try_hash(sim, v, h);
      so.discard(sim, v, h);
    }
  } else {
    std::vector<Value> items;
    if (!items_of(sim, t, other, items)) return false;
    for (Value v : items) {
      std::int64_t h = 0;
      if (!set_key_hash(sim, t, v, h)) return false;
      so.discard(sim, v, h);
    }
  }
  if (so.fill - so.used > (static_cast<std::int64_t>(so.table.size()) - 1) / 4)
    so.resize(so.used > 50000 ? so.used * 2 : so.used * 4);
  return true;
}

// set_difference
bool difference(Kernel& sim, Thread& t, SetObject& so, Value other, Value& out) {
  auto* o = as_set(sim, other);
  auto* d = sim.as<DictObject>(other);
  const std::int64_t other_size = o ? o->used : d ? static_cast<std::int64_t>(d->keys.size()) : -1;
  if (other_size < 0 || (so.used >> 2) > other_size) {
    out = copy_of(sim, t, so);
    return difference_update(sim, t, *as_set(sim, out), other);
  }
  SetObject& r = new_set(sim, t, so.frozen, out);
  for (const auto& e : so.table) {
    if (e.state != SetObject::Slot::Active) continue;
    const bool in_other = o ? o->find(sim, e.key, e.hash) >= 0 : d->find(sim, e.key) >= 0;
    if (!in_other) r.add(sim, e.key, e.hash);
  }
  return true;
}

// set_symmetric_difference_update
bool symmetric_update(Kernel& sim, Thread& t, SetObject& so, Value other) {
  if (other.is_obj() && other.as_obj() == so.id) {
    so.clear();
    return true;
  }
  SetObject tmp;
  const SetObject* o = nullptr;
  if (auto* d = sim.as<DictObject>(other)) {
    for (Value k : d->keys) {
      std::int64_t h = 0;
      if (!hash_value(sim, t, k, h)) return false;
      if (!so.discard(sim, k, h)) so.add(sim, k, h);
    }
    return true;
  }
  if (!probe_set(sim, t, other, tmp, o)) return false;
  for (const auto& e : std::vector<SetObject::Entry>(o->table))
    if (e.state == SetObject::Slot::Active && !so.discard(sim, e.key, e.hash)) so.add(sim, e.key, e.hash);
  return true;
}

bool is_subset(const Kernel& sim, const SetObject& a, const SetObject& b) {
  if (a.used > b.used) return false;
  for (const auto& e : a.table)
    if (e.state == SetObject::Slot::Active && b.find(sim, e.key, e.hash) < 0) return false;
  return true;
}

} // namespace

bool make_set(Kernel& sim, Thread& t, Value v, bool frozen, Value& out) {
  if (auto* s = as_set(sim, v); s && frozen && s->frozen) { // frozenset(f) is f
    out = v;
    return true;
  }
  SetObject& r = new_set(sim, t, frozen, out);
  return v.tag == Tag::Unbound || update(sim, t, r, v);
}

bool iterable_items(Kernel& sim, Value v, std::vector<Value>& items) {
  if (auto* l = sim.as<ListObject>(v)) items = l->items;
  else if (auto* d = sim.as<DictObject>(v)) items = d->keys;
  else if (auto* s = sim.as<SetObject>(v)) items = s->items();
  else if (auto* p = sim.as<ProxyObject>(v)) return iterable_items(sim, Value::obj(p->referent), items); // (no round trip)
  else if (auto* it = sim.as<IteratorObject>(v)) { // iter(x): what it has not given yet, after which it is done
    if (!it->done && iterable_items(sim, it->seq, items)) {
      std::size_t given = static_cast<std::size_t>(it->index);
      if (const auto* set = sim.as<SetObject>(it->seq)) { // the index holds a table position (sequence_next)
        given = 0;
        for (std::size_t pos = 0; pos < static_cast<std::size_t>(it->index & 0xffffffff) && pos < set->table.size(); ++pos)
          given += set->table[pos].state == SetObject::Slot::Active;
      }
      items.erase(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(std::min(given, items.size())));
      if (it->counting) // enumerate: (count, item) pairs
        for (Value& v : items) {
          auto pair = std::make_unique<TupleObject>();
          pair->items = {Value::integer(it->count++), v};
          v = Value::obj(sim.add_object(std::move(pair), it->owner));
        }
    }
    it->done = true;
  }
  else if (v.tag == Tag::Str) {
    for (const std::string& ch : code_points(sim.str(v.as_str()))) items.push_back(Value::str(sim.intern(ch)));
  } else {
    return false;
  }
  return true;
}

bool items_of(Kernel& sim, Thread& t, Value v, std::vector<Value>& items) {
  if (iterable_items(sim, v, items)) return true;
  if (sim.as<GeneratorObject>(v))
    sim.raise(t, "NotImplementedError", "a generator is not supported by the simulator here yet (pass list(...) of it)");
  else
    sim.raise(t, "TypeError", "'" + type_name(sim, v) + "' object is not iterable");
  return false;
}

// [SECTION] methods and operators

bool set_operator(Kernel& sim, Thread& t, Op op, bool in_place, Value a, Value b, Value& out, bool& handled) {
  auto* sa = as_set(sim, a);
  auto* sb = as_set(sim, b);
  handled = sa != nullptr && (op == Op::BitOr || op == Op::BitAnd || op == Op::BitXor || op == Op::Sub ||
                              op == Op::Lt || op == Op::Le || op == Op::Gt || op == Op::Ge || op == Op::Eq || op == Op::Ne);
  if (!handled) return false;
  if (!sb) {
    if (op == Op::Eq || op == Op::Ne) {
      out = Value::boolean(op == Op::Ne);
      return true;
    }
    handled = false; // the caller's TypeError names the operator and the types
    return false;
  }
  switch (op) {
  case Op::Eq:
  case Op::Ne: out = Value::boolean((sa->used == sb->used && is_subset(sim, *sa, *sb)) == (op == Op::Eq)); return true;
  case Op::Le: out = Value::boolean(is_subset(sim, *sa, *sb)); return true;
  case Op::Lt: out = Value::boolean(sa->used < sb->used && is_subset(sim, *sa, *sb)); return true;
  case Op::Ge: out = Value::boolean(is_subset(sim, *sb, *sa)); return true;
  case Op::Gt: out = Value::boolean(sa->used > sb->used && is_subset(sim, *sb, *sa)); return true;
  default: break;
  }
  if (in_place && !sa->frozen) {
    out = a;
    switch (op) {
    case Op::BitOr: merge(sim, *sa, *sb); return true;
    case Op::Sub: return difference_update(sim, t, *sa, b);
    case Op::BitXor: return symmetric_update(sim, t, *sa, b);
    default: { // &=: the intersection takes the set's place
      Value r;
      if (!intersection(sim, t, *sa, b, r)) return false;
      auto* rs = as_set(sim, r);
      std::swap(sa->table, rs->table), std::swap(sa->fill, rs->fill), std::swap(sa->used, rs->used);
      return true;
    }
    }
  }
  switch (op) {
  case Op::BitOr:
    out = copy_of(sim, t, *sa);
    if (a.as_obj() != b.as_obj()) merge(sim, *as_set(sim, out), *sb);
    return true;
  case Op::BitAnd: return intersection(sim, t, *sa, b, out);
  case Op::Sub: return difference(sim, t, *sa, b, out);
  default: { // set_symmetric_difference: a set of b, updated with a
    SetObject& r = new_set(sim, t, sa->frozen, out);
    merge(sim, r, *sb);
    return symmetric_update(sim, t, r, a);
  }
  }
}

Outcome SetObject::call_named(Call& c, StrId m) {
  Kernel& sim = c.sim;
  Thread& t = c.t;
  const std::string meth = sim.str(m);
  const Value self = Value::obj(id);
  if (!c.kwnames.empty()) return sim.raise(t, "TypeError", std::string(kind()) + "." + meth + "() takes no keyword arguments");
  auto arity = [&](std::size_t n) {
    if (c.args.size() == n) return true;
    const std::string full = std::string(kind()) + "." + meth;
    if (n == 0) sim.raise(t, "TypeError", full + "() takes no arguments (" + std::to_string(c.args.size()) + " given)");
    else sim.raise(t, "TypeError", full + "() takes exactly one argument (" + std::to_string(c.args.size()) + " given)");
    return false;
  };
  auto key_hash = [&](std::int64_t& h) { return set_key_hash(sim, t, c.arg(0), h); };
  // Methods of both set and frozenset.
  if (meth == "copy") {
    if (!arity(0)) return Outcome::Raised;
    c.ret = frozen ? self : copy_of(sim, t, *this);
    return Outcome::Done;
  }
  if (meth == "union" || meth == "intersection" || meth == "difference") {
    // union: a copy updated with each; intersection and difference: the first operation makes the result
    // (set_intersection_multi, set_difference_multi), a copy only when there are no others.
    Value r = meth == "union" || c.args.empty() ? copy_of(sim, t, *this) : Value::none();
    for (std::size_t i = 0; i < c.args.size(); ++i) {
      SetObject& rs = i == 0 && r.is_none() ? *this : *as_set(sim, r);
      bool ok = true;
      if (meth == "union") ok = (c.args[i].is_obj() && c.args[i].as_obj() == id) || update(sim, t, rs, c.args[i]);
      else if (meth == "intersection") ok = intersection(sim, t, rs, c.args[i], r);
      else ok = i == 0 ? difference(sim, t, rs, c.args[i], r) : difference_update(sim, t, rs, c.args[i]);
      if (!ok) return Outcome::Raised;
    }
    c.ret = r;
    return Outcome::Done;
  }
  if (meth == "symmetric_difference") {
    if (!arity(1)) return Outcome::Raised;
    SetObject& r = new_set(sim, t, frozen, c.ret);
    return update(sim, t, r, c.arg(0)) && symmetric_update(sim, t, r, self) ? Outcome::Done : Outcome::Raised;
  }
  if (meth == "issubset" || meth == "issuperset" || meth == "isdisjoint") {
    if (!arity(1)) return Outcome::Raised;
    SetObject tmp;
    const SetObject* o = nullptr;
    if (!probe_set(sim, t, c.arg(0), tmp, o)) return Outcome::Raised;
    bool r = false;
    if (meth == "issubset") r = is_subset(sim, *this, *o);
    else if (meth == "issuperset") r = is_subset(sim, *o, *this);
    else {
      r = true;
      for (const auto& e : o->table) r = r && (e.state != Slot::Active || find(sim, e.key, e.hash) < 0);
    }
    c.ret = Value::boolean(r);
    return Outcome::Done;
  }
  if (frozen) return Object::call_named(c, m);
  // A set's own.
  if (meth == "add" || meth == "remove" || meth == "discard") {
    if (!arity(1)) return Outcome::Raised;
    std::int64_t h = 0;
    if (!key_hash(h)) return Outcome::Raised;
    if (meth == "add") add(sim, c.arg(0), h);
    else if (!discard(sim, c.arg(0), h) && meth == "remove") return raise_with_args(c, "KeyError", {c.arg(0)});
    return Outcome::Done;
  }
  if (meth == "pop") {
    if (!arity(0)) return Outcome::Raised;
    if (used == 0) return sim.raise(t, "KeyError", "'pop from an empty set'");
    std::size_t i = finger & (table.size() - 1);
    while (table[i].state != Slot::Active) i = i + 1 < table.size() ? i + 1 : 0;
    c.ret = table[i].key;
    table[i] = {Value::none(), -1, Slot::Dummy};
    --used;
    finger = i + 1;
    return Outcome::Done;
  }
  if (meth == "clear") {
    if (!arity(0)) return Outcome::Raised;
    clear();
    return Outcome::Done;
  }
  if (meth == "update" || meth == "difference_update") {
    for (Value v : c.args)
      if (!(meth == "update" ? update(sim, t, *this, v) : difference_update(sim, t, *this, v))) return Outcome::Raised;
    return Outcome::Done;
  }
  if (meth == "symmetric_difference_update") {
    if (!arity(1)) return Outcome::Raised;
    return symmetric_update(sim, t, *this, c.arg(0)) ? Outcome::Done : Outcome::Raised;
  }
  if (meth == "intersection_update") {
    Value r = copy_of(sim, t, *this);
    for (Value v : c.args)
      if (!intersection(sim, t, *as_set(sim, r), v, r)) return Outcome::Raised;
    SetObject& rs = *as_set(sim, r);
    std::swap(table, rs.table), std::swap(fill, rs.fill), std::swap(used, rs.used);
    return Outcome::Done;
  }
  return Object::call_named(c, m);
}

} // namespace il
