#include "adapters/outputs/output_declarations.hpp"

#include <algorithm>
#include <set>

#include "engine/core/toml_fields.hpp"

namespace timescales::outputs {
namespace {

std::string listed(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

// Refuses a key the section does not read: a misspelt key would otherwise be silently ignored.
Status only_keys(const toml::table& t, const std::string& file, std::initializer_list<std::string_view> known,
                 std::string_view section) {
  for (const auto& [key, node] : t)
    if (std::find(known.begin(), known.end(), key.str()) == known.end())
      return Error::at(position_of(node, file),
                       "unknown key '" + std::string(key.str()) + "' in " + std::string(section));
  return Ok{};
}

Result<std::string> text(const TomlFields& f, std::string_view key) {
  auto s = f.string(key);
  if (!s) return s.error();
  if (s->empty()) return f.error(key, "'" + std::string(key) + "' must not be empty");
  return *s;
}

Result<WorkflowName> workflow(const TomlFields& f, std::string_view key = "workflow") {
  auto s = text(f, key);
  if (!s) return s.error();
  return WorkflowName{*s, position_of(*f.table().get(key), f.file())};
}

template <class Name>
Result<Name> named(const TomlFields& f, std::string_view key) {
  auto s = text(f, key);
  if (!s) return s.error();
  Name n;
  n.id = *s;
  n.where = position_of(*f.table().get(key), f.file());
  return n;
}

// An optional name: empty when the key is absent.
template <class Name>
Result<Name> optional_name(const TomlFields& f, std::string_view key) {
  if (!f.has(key)) return Name{};
  return named<Name>(f, key);
}

template <class Name>
Result<std::vector<Name>> name_list(const TomlFields& f, std::string_view key, bool required) {
  const toml::node* node = f.table().get(key);
  std::vector<Name> out;
  if (!node) {
    if (required) return f.error(key, "missing '" + std::string(key) + "'");
    return out;
  }
  const toml::array* arr = node->as_array();
  if (!arr) return f.error(key, "'" + std::string(key) + "' must be a list of names");
  for (const auto& item : *arr) {
    auto s = item.value<std::string>();
    if (!s || s->empty()) return Error::at(position_of(item, f.file()), "'" + std::string(key) + "' must be a list of names");
    Name n;
    n.id = *s;
    n.where = position_of(item, f.file());
    out.push_back(std::move(n));
  }
  if (required && out.empty()) return f.error(key, "'" + std::string(key) + "' must name at least one");
  return out;
}

Result<TimerFeed> feed(const TomlFields& f) {
  TimerFeed out;
  out.where = position_of(f.table(), f.file());
  auto workflows = name_list<WorkflowName>(f, "workflows", true);
  if (!workflows) return workflows.error();
  out.workflows = std::move(*workflows);
  auto timers = name_list<TimerName>(f, "timers", false);
  if (!timers) return timers.error();
  out.timers = std::move(*timers);
  return out;
}

const toml::table* table_at(const toml::table& parent, std::string_view key) {
  const toml::node* n = parent.get(key);
  return n ? n->as_table() : nullptr;
}

// coming_up = [{ timer = "annual_review", within = "8 weeks", heading = "..." }, ...]
Result<std::vector<ComingUp>> coming_up(const TomlFields& f) {
  std::vector<ComingUp> out;
  const toml::node* node = f.table().get("coming_up");
  if (!node) return out;
  const toml::array* arr = node->as_array();
  if (!arr) return f.error("coming_up", "'coming_up' must be a list of { timer, within, heading }");
  for (const auto& item : *arr) {
    const toml::table* t = item.as_table();
    if (!t) return Error::at(position_of(item, f.file()), "'coming_up' must be a list of { timer, within, heading }");
    TomlFields entry(*t, f.file());
    if (auto s = only_keys(*t, f.file(), {"timer", "within", "heading"}, "a digest's coming_up"); !s) return s.error();
    ComingUp c;
    auto timer = named<TimerName>(entry, "timer");
    if (!timer) return timer.error();
    c.timer = *timer;
    auto within = text(entry, "within");
    if (!within) return within.error();
    auto duration = parse_duration(*within);
    if (!duration) return entry.error("within", "'within': " + duration.error().message);
    if (duration->count <= 0) return entry.error("within", "'within' must be a positive duration (\"8 weeks\")");
    c.within = *duration;
    auto heading = text(entry, "heading");
    if (!heading) return heading.error();
    c.heading = *heading;
    for (const auto& seen : out)
      if (seen.timer.id == c.timer.id)
        return Error::at(c.timer.where, "'" + c.timer.id + "' is in this digest's coming_up twice");
    out.push_back(std::move(c));
  }
  return out;
}

Result<DigestAudience> parse_digest(const toml::table& t, const std::string& file) {
  TomlFields f(t, file);
  if (auto s = only_keys(t, file, {"audience", "subject", "workflows", "timers", "coming_up"}, "[[digest]]"); !s)
    return s.error();
  DigestAudience d;
  d.where = position_of(t, file);
  auto audience = text(f, "audience");
  if (!audience) return audience.error();
  d.audience = *audience;
  d.audience_where = position_of(*t.get("audience"), file);
  auto subject = text(f, "subject");
  if (!subject) return subject.error();
  d.subject = *subject;
  auto fed = feed(f);
  if (!fed) return fed.error();
  d.feed = std::move(*fed);
  auto ahead = coming_up(f);
  if (!ahead) return ahead.error();
  d.coming_up = std::move(*ahead);
  return d;
}

Result<ComplaintsSection> parse_complaints(const TomlFields& f) {
  if (auto s = only_keys(f.table(), f.file(),
                         {"workflow", "stage1", "stage2", "stage3", "extension_event", "extension_label"},
                         "[report.complaints]");
      !s)
    return s.error();
  ComplaintsSection c;
  auto w = workflow(f);
  if (!w) return w.error();
  c.workflow = *w;
  for (auto [key, into] : {std::pair{"stage1", &c.stage1}, {"stage2", &c.stage2}, {"stage3", &c.stage3}}) {
    auto t = named<TimerName>(f, key);
    if (!t) return t.error();
    *into = *t;
  }
  auto e = named<EventName>(f, "extension_event");
  if (!e) return e.error();
  c.extension = *e;
  auto label = text(f, "extension_label");
  if (!label) return label.error();
  c.extension_label = *label;
  return c;
}

Result<PlanTimelinessSection> parse_plans(const TomlFields& f) {
  if (auto s = only_keys(f.table(), f.file(),
                         {"workflow", "timer", "delay_reason_event", "late_label", "cohort_attribute",
                          "local_target", "local_target_label"},
                         "[report.plan_timeliness]");
      !s)
    return s.error();
  PlanTimelinessSection p;
  auto w = workflow(f);
  if (!w) return w.error();
  p.workflow = *w;
  auto t = named<TimerName>(f, "timer");
  if (!t) return t.error();
  p.timer = *t;
  auto e = named<EventName>(f, "delay_reason_event");
  if (!e) return e.error();
  p.delay_reason = *e;
  auto late = text(f, "late_label");
  if (!late) return late.error();
  p.late_label = *late;
  auto cohort = text(f, "cohort_attribute");
  if (!cohort) return cohort.error();
  p.cohort_attribute = *cohort;
  auto local = optional_name<TimerName>(f, "local_target");
  if (!local) return local.error();
  p.local_target = *local;
  if (p.local_target.named()) {
    auto label = text(f, "local_target_label");
    if (!label) return label.error();
    p.local_target_label = *label;
  }
  return p;
}

Result<AdmissionsCycleSection> parse_admissions(const TomlFields& f) {
  if (auto s = only_keys(f.table(), f.file(), {"workflow", "timers", "year_attribute"}, "[report.admissions_cycle]"); !s)
    return s.error();
  AdmissionsCycleSection a;
  a.feed.where = position_of(f.table(), f.file());
  auto w = workflow(f);
  if (!w) return w.error();
  a.feed.workflows = {*w};
  auto timers = name_list<TimerName>(f, "timers", false);
  if (!timers) return timers.error();
  a.feed.timers = std::move(*timers);
  auto year = text(f, "year_attribute");
  if (!year) return year.error();
  a.year_attribute = *year;
  return a;
}

Result<AssessmentsSection> parse_assessments(const TomlFields& f) {
  if (auto s = only_keys(f.table(), f.file(),
                         {"workflow", "timer", "milestones", "advice_requested", "advice_received",
                          "exception_started", "exception_ended", "cohort_attribute", "local_target"},
                         "[tracking.assessments]");
      !s)
    return s.error();
  AssessmentsSection a;
  auto w = workflow(f);
  if (!w) return w.error();
  a.workflow = *w;
  auto t = named<TimerName>(f, "timer");
  if (!t) return t.error();
  a.timer = *t;
  for (auto [key, into] : {std::pair{"advice_requested", &a.advice_requested}, {"advice_received", &a.advice_received},
                           {"exception_started", &a.exception_started}, {"exception_ended", &a.exception_ended}}) {
    auto e = named<EventName>(f, key);
    if (!e) return e.error();
    *into = *e;
  }
  auto cohort = text(f, "cohort_attribute");
  if (!cohort) return cohort.error();
  a.cohort_attribute = *cohort;
  auto local = optional_name<TimerName>(f, "local_target");
  if (!local) return local.error();
  a.local_target = *local;
  const toml::node* list = f.table().get("milestones");
  const toml::array* arr = list ? list->as_array() : nullptr;
  if (!arr) return f.error("milestones", "'milestones' must be a list of { timer = \"...\", label = \"...\" }");
  for (const auto& item : *arr) {
    const toml::table* m = item.as_table();
    if (!m) return Error::at(position_of(item, f.file()), "a milestone is { timer = \"...\", label = \"...\" }");
    TomlFields mf(*m, f.file());
    if (auto s = only_keys(*m, f.file(), {"timer", "label"}, "a milestone"); !s) return s.error();
    auto timer = named<TimerName>(mf, "timer");
    if (!timer) return timer.error();
    auto label = text(mf, "label");
    if (!label) return label.error();
    a.milestones.push_back({*timer, *label});
  }
  return a;
}

Result<AnnualReviewsSection> parse_reviews(const TomlFields& f) {
  if (auto s = only_keys(f.table(), f.file(), {"workflow", "timer", "due_within_weeks"}, "[tracking.annual_reviews]"); !s)
    return s.error();
  AnnualReviewsSection r;
  auto w = workflow(f);
  if (!w) return w.error();
  r.workflow = *w;
  auto t = named<TimerName>(f, "timer");
  if (!t) return t.error();
  r.timer = *t;
  auto weeks = f.integer("due_within_weeks");
  if (!weeks) return weeks.error();
  if (*weeks < 0 || *weeks > 104) return f.error("due_within_weeks", "due_within_weeks must be 0 to 104");
  r.due_within_weeks = static_cast<int>(*weeks);
  return r;
}

Result<PhaseTransfersSection> parse_transfers(const TomlFields& f) {
  if (auto s = only_keys(f.table(), f.file(),
                         {"workflow", "timer", "year_attribute", "kind_attribute", "labels", "other_label"},
                         "[tracking.phase_transfers]");
      !s)
    return s.error();
  PhaseTransfersSection p;
  auto w = workflow(f);
  if (!w) return w.error();
  p.workflow = *w;
  auto t = named<TimerName>(f, "timer");
  if (!t) return t.error();
  p.timer = *t;
  for (auto [key, into] : {std::pair{"year_attribute", &p.year_attribute}, {"kind_attribute", &p.kind_attribute},
                           {"other_label", &p.other_label}}) {
    auto s = text(f, key);
    if (!s) return s.error();
    *into = *s;
  }
  if (f.has("labels")) {
    const toml::table* labels = f.table().get("labels")->as_table();
    if (!labels) return f.error("labels", "'labels' must be a table: { value = \"label\" }");
    for (const auto& [value, node] : *labels) {
      auto s = node.value<std::string>();
      if (!s) return Error::at(position_of(node, f.file()), "a label must be a string");
      p.labels.emplace_back(std::string(value.str()), *s);
    }
  }
  return p;
}

template <class Section, class Parse>
Status section(const toml::table& parent, std::string_view key, const std::string& file, std::optional<Section>& into,
               Parse parse) {
  const toml::node* node = parent.get(key);
  if (!node) return Ok{};
  const toml::table* t = node->as_table();
  if (!t) return Error::at(position_of(*node, file), "'" + std::string(key) + "' must be a table");
  auto parsed = parse(TomlFields(*t, file));
  if (!parsed) return parsed.error();
  into = std::move(*parsed);
  return Ok{};
}

// A second declaration for one audience joins the first in one digest (a team manager's complaint
// deadlines and social care deadlines); a workflow in both would list its lines twice.
std::optional<Error> listed_twice(const std::vector<DigestAudience>& declared, const DigestAudience& d) {
  for (const auto& seen : declared) {
    if (seen.audience != d.audience) continue;
    for (const auto& w : d.feed.workflows) {
      const auto same = [&](const WorkflowName& before) { return before.id == w.id; };
      if (std::any_of(seen.feed.workflows.begin(), seen.feed.workflows.end(), same))
        return Error::at(w.where, "workflow '" + w.id + "' is already in the digest for '" + d.audience + "' at line " +
                                      std::to_string(seen.where.line) +
                                      " (a second digest for one audience must list other workflows)");
    }
  }
  return std::nullopt;
}

}  // namespace

const TimerResult* TimerName::in(const Evaluation& e) const {
  if (slot < e.timers.size() && e.timers[slot].id == id) return &e.timers[slot];
  for (const auto& t : e.timers)
    if (t.id == id) return &t;
  return nullptr;
}

TimerFeed TimerFeed::every() {
  TimerFeed f;
  f.every_workflow = true;
  return f;
}

TimerFeed TimerFeed::of(const std::vector<std::string>& workflows) {
  if (workflows.empty()) return every();
  TimerFeed f;
  for (const auto& w : workflows) f.workflows.push_back({w, {}});
  return f;
}

bool TimerFeed::has_workflow(std::string_view id) const {
  if (every_workflow) return true;
  for (const auto& w : workflows)
    if (w.id == id) return true;
  return false;
}

bool TimerFeed::has_timer(std::string_view id) const {
  if (timers.empty()) return true;
  for (const auto& t : timers)
    if (t.id == id) return true;
  return false;
}

bool DigestAudience::names_timer(std::string_view timer) const {
  if (coming_up_for(timer)) return true;
  for (const auto& t : feed.timers)
    if (t.id == timer) return true;
  return false;
}

const ComingUp* DigestAudience::coming_up_for(std::string_view timer) const {
  for (const auto& c : coming_up)
    if (c.timer.id == timer) return &c;
  return nullptr;
}

const std::string& PhaseTransfersSection::label_for(std::string_view value) const {
  for (const auto& [v, label] : labels)
    if (v == value) return label;
  return other_label;
}

Result<OutputDeclarations> parse_output_declarations(std::string_view text_in, const std::string& file) {
  auto doc = parse_toml(text_in, file);
  if (!doc) return doc.error();
  if (auto s = only_keys(*doc, file, {"digest", "calendar_feed", "report", "tracking"}, file); !s) return s.error();
  OutputDeclarations out;
  TomlFields top(*doc, file);
  auto digests = top.table_array("digest");
  if (!digests) return digests.error();
  if (*digests)
    for (const auto& node : **digests) {
      auto d = parse_digest(*node.as_table(), file);
      if (!d) return d.error();
      if (auto twice = listed_twice(out.digests, *d)) return *twice;
      out.digests.push_back(std::move(*d));
    }
  if (auto s = section(*doc, "calendar_feed", file, out.calendar_feed,
                       [](const TomlFields& f) -> Result<TimerFeed> {
                         if (auto k = only_keys(f.table(), f.file(), {"workflows", "timers"}, "[calendar_feed]"); !k)
                           return k.error();
                         return feed(f);
                       });
      !s)
    return s.error();
  for (const char* group : {"report", "tracking"}) {
    const toml::node* node = doc->get(group);
    if (node && !node->as_table()) return Error::at(position_of(*node, file), std::string(group) + " must be a table");
  }
  if (const toml::table* report = table_at(*doc, "report")) {
    if (auto s = only_keys(*report, file, {"open_cases", "complaints", "plan_timeliness", "admissions_cycle"}, "[report]");
        !s)
      return s.error();
    auto open = section(*report, "open_cases", file, out.open_cases, [](const TomlFields& f) -> Result<OpenCasesSection> {
      if (auto k = only_keys(f.table(), f.file(), {"workflows"}, "[report.open_cases]"); !k) return k.error();
      auto fed = feed(f);
      if (!fed) return fed.error();
      return OpenCasesSection{std::move(*fed)};
    });
    if (!open) return open.error();
    if (auto s = section(*report, "complaints", file, out.complaints, parse_complaints); !s) return s.error();
    if (auto s = section(*report, "plan_timeliness", file, out.plans, parse_plans); !s) return s.error();
    if (auto s = section(*report, "admissions_cycle", file, out.admissions, parse_admissions); !s) return s.error();
  }
  if (const toml::table* tracking = table_at(*doc, "tracking")) {
    if (auto s = only_keys(*tracking, file, {"assessments", "annual_reviews", "phase_transfers"}, "[tracking]"); !s)
      return s.error();
    if (auto s = section(*tracking, "assessments", file, out.assessments, parse_assessments); !s) return s.error();
    if (auto s = section(*tracking, "annual_reviews", file, out.annual_reviews, parse_reviews); !s) return s.error();
    if (auto s = section(*tracking, "phase_transfers", file, out.phase_transfers, parse_transfers); !s) return s.error();
  }
  return out;
}

// --- Names --------------------------------------------------------------------------------------

Vocabulary::Vocabulary(const WorkflowLibrary& workflows, const rules::RuleSet& rules)
    : workflows_(workflows), rules_(rules) {}

Status Vocabulary::check(const WorkflowName& w) const {
  if (!workflows_.versions(w.id).empty()) return Ok{};
  return Error::at(w.where, "unknown workflow '" + w.id + "' (known: " + listed(workflows_.ids()) + ")");
}

Status Vocabulary::check(const EventName& e, const WorkflowName& w) const {
  if (auto s = check(w); !s) return s;
  std::vector<std::string> known;
  for (const auto* d : workflows_.versions(w.id)) {
    if (d->event(e.id)) return Ok{};
    for (const auto& ev : d->events)
      if (std::find(known.begin(), known.end(), ev.id) == known.end()) known.push_back(ev.id);
  }
  return Error::at(e.where, "workflow '" + w.id + "' has no event '" + e.id + "' (events: " + listed(known) + ")");
}

Status Vocabulary::resolve(TimerName& t, const WorkflowName& w) const {
  if (auto s = check(w); !s) return s;
  const WorkflowDefinition* latest = workflows_.latest(w.id);
  // The newest version first: most cases follow it, and its slots are the ones tried first.
  std::vector<const WorkflowDefinition*> versions = {latest};
  for (const auto* d : workflows_.versions(w.id))
    if (d != latest) versions.push_back(d);
  std::vector<std::string> known;
  for (const auto* d : versions)
    for (size_t i = 0; i < d->timers.size(); ++i) {
      const TimerDefinition& def = d->timers[i];
      if (def.id == t.id) {
        t.slot = i;
        t.start_event = def.start.empty() ? std::string() : def.start.front();
        t.stop_event = def.stop.empty() ? std::string() : def.stop.front();
        t.limit = def.limit ? to_string(*def.limit) : std::string();
        return Ok{};
      }
      if (std::find(known.begin(), known.end(), def.id) == known.end()) known.push_back(def.id);
    }
  size_t local = latest->timers.size();
  for (const auto& target : rules_.targets) {
    if (!target.applies_to(w.id)) continue;
    if (target.id == t.id) {
      t.slot = local;
      t.start_event = target.start_event;
      t.stop_event = target.stopped_by.empty() ? std::string() : target.stopped_by.front();
      t.limit = to_string(target.limit);
      return Ok{};
    }
    known.push_back(target.id);
    ++local;
  }
  return Error::at(t.where, "workflow '" + w.id + "' has no timer '" + t.id +
                                "' (timers and local targets: " + listed(known) + ")");
}

std::vector<Error> Vocabulary::resolve(TimerFeed& feed) const {
  std::vector<Error> errors;
  for (const auto& w : feed.workflows)
    if (auto s = check(w); !s) errors.push_back(s.error());
  if (!errors.empty()) return errors;
  feed.extension_events.clear();
  for (const auto& w : feed.workflows)
    for (const auto* d : workflows_.versions(w.id))
      for (const auto& t : d->timers)
        if (t.extension)
          for (const auto& e : t.extension->on)
            if (std::find(feed.extension_events.begin(), feed.extension_events.end(), e) == feed.extension_events.end())
              feed.extension_events.push_back(e);
  for (auto& t : feed.timers) {
    std::optional<Error> first;
    bool found = false;
    for (const auto& w : feed.workflows) {
      TimerName copy = t;
      if (auto s = resolve(copy, w); s) {
        t = copy;
        found = true;
        break;
      } else if (!first) {
        first = s.error();
      }
    }
    if (!found && first) errors.push_back(feed.workflows.size() == 1
                                              ? *first
                                              : Error::at(t.where, "no workflow of this output has a timer '" + t.id + "'"));
  }
  return errors;
}

Status Vocabulary::check_audience(const std::string& audience, const SourcePosition& where) const {
  if (audience == kEachTeam || audience == kEachOwner) return Ok{};
  std::vector<std::string> named;
  for (const auto& r : rules_.rules)
    for (const auto& a : r.audience) {
      if (a == audience) return Ok{};
      if (std::find(named.begin(), named.end(), a) == named.end()) named.push_back(a);
    }
  std::sort(named.begin(), named.end());
  return Error::at(where, "no rule names the audience '" + audience + "' (rules name: " + listed(named) +
                              "; \"team\" is each team's manager, \"owner\" each case's owner)");
}

std::vector<Error> resolve_output_declarations(OutputDeclarations& d, const Vocabulary& names) {
  std::vector<Error> errors;
  auto keep = [&](Status s) {
    if (!s) errors.push_back(s.error());
  };
  auto keep_all = [&](std::vector<Error> more) { errors.insert(errors.end(), more.begin(), more.end()); };
  for (auto& digest : d.digests) {
    keep(names.check_audience(digest.audience, digest.audience_where));
    keep_all(names.resolve(digest.feed));
    // A coming_up clock must be one of the digest's workflows' (and of its `timers`, if it has them).
    for (auto& c : digest.coming_up) {
      TimerFeed one = digest.feed;
      one.timers = {c.timer};
      auto found = names.resolve(one);
      if (!found.empty()) {
        keep_all(std::move(found));
        continue;
      }
      c.timer = one.timers[0];
      if (!digest.feed.timers.empty() && !digest.feed.has_timer(c.timer.id))
        errors.push_back(Error::at(c.timer.where, "'" + c.timer.id + "' is not among this digest's timers"));
    }
  }
  if (d.calendar_feed) keep_all(names.resolve(*d.calendar_feed));
  if (d.open_cases) keep_all(names.resolve(d.open_cases->feed));
  if (auto& c = d.complaints) {
    for (auto* t : {&c->stage1, &c->stage2, &c->stage3}) keep(names.resolve(*t, c->workflow));
    keep(names.check(c->extension, c->workflow));
  }
  if (auto& p = d.plans) {
    keep(names.resolve(p->timer, p->workflow));
    keep(names.check(p->delay_reason, p->workflow));
    if (p->local_target.named()) keep(names.resolve(p->local_target, p->workflow));
  }
  if (d.admissions) keep_all(names.resolve(d.admissions->feed));
  if (auto& a = d.assessments) {
    keep(names.resolve(a->timer, a->workflow));
    for (auto& m : a->milestones) keep(names.resolve(m.timer, a->workflow));
    for (const auto* e : {&a->advice_requested, &a->advice_received, &a->exception_started, &a->exception_ended})
      keep(names.check(*e, a->workflow));
    if (a->local_target.named()) keep(names.resolve(a->local_target, a->workflow));
  }
  if (auto& r = d.annual_reviews) keep(names.resolve(r->timer, r->workflow));
  if (auto& p = d.phase_transfers) keep(names.resolve(p->timer, p->workflow));
  // A workflow named twice would fail later, one error per name, so only the first says so.
  std::set<std::string> seen;
  std::vector<Error> unique;
  for (auto& e : errors)
    if (seen.insert(e.to_string()).second) unique.push_back(std::move(e));
  return unique;
}

}  // namespace timescales::outputs
