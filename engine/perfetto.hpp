// Export of a run as Chrome Trace Event JSON in the dialect Perfetto reads (ui.perfetto.dev, trace_processor,
// Chrome DevTools): simulated processes and threads become pids and tids, with CPU lanes and wake-up arrows.
#pragma once
#include <string>

#include "report.hpp"
#include "sim.hpp"

namespace il {

// {"traceEvents":[...],"displayTimeUnit":"ns"}. Timestamps are microseconds with three decimals taken from
// integer nanoseconds. basic_only keeps only X, i, C and M events, for viewers that reject flows ("s"/"f")
// and thread-state ("T") events.
//
// Layout: one Perfetto process per simulated process; per simulated thread one track of state slices
// (running/ready/blocked... with cpu and reason args) plus "locks" tracks for held locks and opaque work;
// a synthetic "CPUs" process with one track per logical CPU showing which thread ran there; counters for
// primitives (semaphore value, queue length...) and for each process's GIL holder.
std::string perfetto_json(const Sim& sim, bool basic_only);
// The same document handed to sink in pieces, in order, without holding all of it.
void write_perfetto_json(const Sim& sim, bool basic_only, const TextSink& sink);

} // namespace il
