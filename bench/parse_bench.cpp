// Front-end speed: lines of Python per second through the tokenizer, parser and CPython's post-parse checks,
// for a generated 2,000-line program of the tutorials' kind (threads, locks, classes, f-strings, loops), and
// the time for a 1,000-line one. Prints figures; built natively and as wasm (run under node).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "python/parser.hpp"

namespace {

// One 40-line unit of a realistic program; `k` keeps names distinct.
std::string unit(int k) {
  std::string n = std::to_string(k);
  return "import threading, time\n"
         "from queue import Queue\n"
         "\n"
         "counter_" + n + " = 0\n"
         "lock_" + n + " = threading.Lock()\n"
         "\n"
         "class Worker" + n + "(threading.Thread):\n"
         "    \"\"\"A worker that counts under a lock.\"\"\"\n"
         "    def __init__(self, name, items, *, delay=0.01):\n"
         "        super().__init__(name=name)\n"
         "        self.items = list(items)\n"
         "        self.delay = delay\n"
         "\n"
         "    def run(self):\n"
         "        global counter_" + n + "\n"
         "        for i, item in enumerate(self.items):\n"
         "            with lock_" + n + ":\n"
         "                counter_" + n + " += item * 2 if i % 3 else -item\n"
         "            if item > 10 and not self.delay:\n"
         "                continue\n"
         "            time.sleep(self.delay)\n"
         "        print(f\"{self.name}: done {len(self.items):>5} items, total={counter_" + n + "!r}\")\n"
         "\n"
         "def produce_" + n + "(q: Queue, n: int = 10) -> None:\n"
         "    try:\n"
         "        for x in range(n):\n"
         "            q.put({'id': x, 'square': x ** 2, 'tags': [t for t in ('a', 'b') if t != 'c']})\n"
         "    except (ValueError, KeyError) as e:\n"
         "        raise RuntimeError('producer failed') from e\n"
         "    finally:\n"
         "        q.put(None)\n"
         "\n"
         "def consume_" + n + "(q):\n"
         "    while (item := q.get()) is not None:\n"
         "        yield item['square'] + sum(v for v in range(3))\n"
         "\n"
         "workers_" + n + " = [Worker" + n + "(f'w{i}', range(i, i + 5)) for i in range(4)]\n"
         "for w in workers_" + n + ": w.start()\n"
         "for w in workers_" + n + ": w.join()\n"
         "assert counter_" + n + " >= 0, 'lost updates'\n";
}

std::string program(int lines) {
  std::string src;
  int k = 0;
  while (std::count(src.begin(), src.end(), '\n') < lines) src += unit(k++);
  return src;
}

double best_ms(const std::string& src, int reps) {
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    il::py::ParseResult res = il::py::parse_module(src);
    auto t1 = std::chrono::steady_clock::now();
    if (!res.ok()) {
      std::fprintf(stderr, "parse_bench: the generated program does not parse: %s (line %d)\n", res.error.msg.c_str(),
                   res.error.lineno);
      return -1;
    }
    best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  return best;
}

} // namespace

int main() {
  const std::string big = program(2000), small = program(1000);
  const long big_lines = std::count(big.begin(), big.end(), '\n');
  const long small_lines = std::count(small.begin(), small.end(), '\n');
  const double big_ms = best_ms(big, 20), small_ms = best_ms(small, 20);
  if (big_ms < 0 || small_ms < 0) return 1;
  std::printf("python front end (tokenize + parse + checks), best of 20:\n");
  std::printf("  %ld-line program: %.2f ms, %.0f lines/s\n", big_lines, big_ms, big_lines / (big_ms / 1e3));
  std::printf("  %ld-line program: %.2f ms\n", small_lines, small_ms);
  return 0;
}
