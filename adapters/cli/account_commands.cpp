// `timescales user …`, `timescales token …` and `timescales audit`: the web service's accounts
// and its audit log, for whoever runs the server (an admin of the council's IT). A password or
// token made here is printed once, on stdout, and kept only as its hash: lose it and reset it.
// A password given is read from stdin (`--password-stdin`), never from the command line, where
// every user of the machine could read it in the process list.
#include <ctime>
#include <iostream>
#include <optional>
#include <string>

#include "adapters/accounts/sodium_secrets.hpp"
#include "adapters/cli/cli_context.hpp"
#include "adapters/store/open_case_store.hpp"
#include "application/accounts/accounts.hpp"

namespace timescales::cli {
namespace {

UnixSeconds now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string utc_time(UnixSeconds at) {
  const std::time_t t = static_cast<std::time_t>(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

// The accounts of the store at `db`, or nullopt (reported) when it does not open.
struct OpenAccounts {
  std::unique_ptr<AccountStore> store;
  std::unique_ptr<SodiumSecrets> secrets;
  std::unique_ptr<Accounts> accounts;
};
std::optional<OpenAccounts> open_accounts(CliContext& ctx, const std::string& command, const std::string& db) {
  auto store = open_account_store(db);
  if (!store) return ctx.failure(command, store.error().to_string()), std::nullopt;
  OpenAccounts out{std::move(*store), std::make_unique<SodiumSecrets>(), nullptr};
  out.accounts = std::make_unique<Accounts>(*out.store, *out.secrets);
  return out;
}

// A refusal, under the command-line name of the field it is about.
void refuse(CliContext& ctx, const std::string& command, const Error& e) {
  if (e.field == "name") return void(ctx.bad_argument(command, "NAME", e.message));
  if (e.field == "team") return void(ctx.bad_argument(command, "--team", e.message));
  if (e.field == "password") return void(ctx.bad_argument(command, "--password-stdin", e.message));
  ctx.failure(command, e.to_string());
}

std::optional<Role> role_argument(CliContext& ctx, const std::string& command, const std::string& text) {
  auto role = parse_role(text);
  if (!role) ctx.bad_argument(command, "--role", "'" + text + "' is not a role; the roles are " + role_names_joined());
  return role;
}

// One line of stdin, without its newline.
std::string password_from_stdin() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

void add_user_commands(CLI::App& app, CliContext& ctx) {
  auto* user = app.add_subcommand("user", "the web service's users: add, list, disable, reset-password");
  user->require_subcommand(1);
  struct Options {
    std::string db, name, role, team;
    bool password_stdin = false;
  };
  auto o = std::make_shared<Options>();

  auto* add = user->add_subcommand("add", "add a user; a password is made and printed once unless --password-stdin");
  add->add_option("--db", o->db, "the case database")->required();
  add->add_option("NAME", o->name, "the sign-in name, e.g. ann.smith")->required();
  add->add_option("--role", o->role, "complaints_officer, send_team, team_manager, manager or admin")->required();
  add->add_option("--team", o->team, "a team_manager's team, e.g. \"CIN Widnes\"");
  add->add_flag("--password-stdin", o->password_stdin, "read the password from the first line of stdin");
  add->callback([o, &ctx] {
    const std::string command = "user add";
    auto role = role_argument(ctx, command, o->role);
    if (!role) return;
    auto a = open_accounts(ctx, command, o->db);
    if (!a) return;
    const std::string given = o->password_stdin ? password_from_stdin() : "";
    auto made = a->accounts->add_user(o->name, *role, o->team, given, now_seconds());
    if (!made) return refuse(ctx, command, made.error());
    std::cout << "added " << o->name << " (" << role_name(*role) << (o->team.empty() ? "" : ", " + o->team) << ")\n";
    if (!o->password_stdin) std::cout << "password (shown once): " << *made << "\n";
  });

  auto* list = user->add_subcommand("list", "every user, their role, team and whether disabled");
  list->add_option("--db", o->db, "the case database")->required();
  list->callback([o, &ctx] {
    auto a = open_accounts(ctx, "user list", o->db);
    if (!a) return;
    auto users = a->accounts->list_users();
    if (!users) return void(ctx.failure("user list", users.error().to_string()));
    for (const auto& u : *users)
      std::cout << u.name << "\t" << role_name(u.role) << "\t" << (u.team.empty() ? "-" : u.team) << "\t"
                << (u.disabled ? "disabled" : "active") << "\n";
    std::cout << users->size() << " user" << (users->size() == 1 ? "" : "s") << "\n";
  });

  auto* disable = user->add_subcommand("disable", "stop a user signing in, and end their sessions");
  disable->add_option("--db", o->db, "the case database")->required();
  disable->add_option("NAME", o->name, "the sign-in name")->required();
  disable->callback([o, &ctx] {
    auto a = open_accounts(ctx, "user disable", o->db);
    if (!a) return;
    if (auto done = a->accounts->disable_user(o->name); !done) return refuse(ctx, "user disable", done.error());
    std::cout << o->name << " disabled\n";
  });

  auto* reset = user->add_subcommand(
      "reset-password", "a new password (made and printed once unless --password-stdin); re-enables and unlocks");
  reset->add_option("--db", o->db, "the case database")->required();
  reset->add_option("NAME", o->name, "the sign-in name")->required();
  reset->add_flag("--password-stdin", o->password_stdin, "read the password from the first line of stdin");
  reset->callback([o, &ctx] {
    const std::string command = "user reset-password";
    auto a = open_accounts(ctx, command, o->db);
    if (!a) return;
    const std::string given = o->password_stdin ? password_from_stdin() : "";
    auto made = a->accounts->reset_password(o->name, given);
    if (!made) return refuse(ctx, command, made.error());
    std::cout << "password of " << o->name << " reset; their sessions ended\n";
    if (!o->password_stdin) std::cout << "password (shown once): " << *made << "\n";
  });
}

void add_token_commands(CLI::App& app, CliContext& ctx) {
  auto* token = app.add_subcommand("token", "API tokens, one per integration: add, list, revoke");
  token->require_subcommand(1);
  struct Options {
    std::string db, name, role, team;
  };
  auto o = std::make_shared<Options>();

  auto* add = token->add_subcommand("add", "a bearer token for /api/v1, printed once");
  add->add_option("--db", o->db, "the case database")->required();
  add->add_option("NAME", o->name, "the integration, e.g. case-system")->required();
  add->add_option("--role", o->role, "the role it acts in")->required();
  add->add_option("--team", o->team, "a team_manager token's team");
  add->callback([o, &ctx] {
    const std::string command = "token add";
    auto role = role_argument(ctx, command, o->role);
    if (!role) return;
    auto a = open_accounts(ctx, command, o->db);
    if (!a) return;
    auto secret = a->accounts->add_token(o->name, *role, o->team, now_seconds());
    if (!secret) return refuse(ctx, command, secret.error());
    std::cout << "token " << o->name << " (" << role_name(*role) << ") added; use it as\n"
              << "Authorization: Bearer " << *secret << "\n(shown once)\n";
  });

  auto* list = token->add_subcommand("list", "every token, in force or revoked (never the secret)");
  list->add_option("--db", o->db, "the case database")->required();
  list->callback([o, &ctx] {
    auto a = open_accounts(ctx, "token list", o->db);
    if (!a) return;
    auto tokens = a->accounts->list_tokens();
    if (!tokens) return void(ctx.failure("token list", tokens.error().to_string()));
    for (const auto& t : *tokens)
      std::cout << t.name << "\t" << role_name(t.role) << "\t" << (t.team.empty() ? "-" : t.team) << "\t"
                << (t.revoked ? "revoked" : "in force") << "\t" << utc_time(t.created_at) << "\n";
  });

  auto* revoke = token->add_subcommand("revoke", "stop a token working, at once");
  revoke->add_option("--db", o->db, "the case database")->required();
  revoke->add_option("NAME", o->name, "the token's name")->required();
  revoke->callback([o, &ctx] {
    auto a = open_accounts(ctx, "token revoke", o->db);
    if (!a) return;
    if (auto done = a->accounts->revoke_token(o->name); !done) return refuse(ctx, "token revoke", done.error());
    std::cout << "token " << o->name << " revoked\n";
  });
}

void add_audit_command(CLI::App& app, CliContext& ctx) {
  auto* audit = app.add_subcommand("audit", "who read or changed a case, and when (the audit log)");
  struct Options {
    std::string db, case_id, actor;
  };
  auto o = std::make_shared<Options>();
  audit->add_option("--db", o->db, "the case database")->required();
  audit->add_option("--case", o->case_id, "the case reference");
  audit->add_option("--actor", o->actor, "only this user, token or command-line user (user:ann, token:…, cli:…)");
  audit->callback([o, &ctx] {
    if (o->case_id.empty() && o->actor.empty())
      return void(ctx.bad_argument("audit", "--case", "say which case (or --actor: whose actions)"));
    auto store = open_account_store(o->db);
    if (!store) return void(ctx.failure("audit", store.error().to_string()));
    auto entries = (*store)->audit_entries(o->case_id, o->actor);
    if (!entries) return void(ctx.failure("audit", entries.error().to_string()));
    for (const auto& e : *entries)
      std::cout << utc_time(e.at) << "\t" << e.actor << "\t" << e.via << "\t" << e.action << "\t" << e.case_id
                << (e.detail.empty() ? "" : "\t" + e.detail) << "\n";
    std::cout << entries->size() << " entr" << (entries->size() == 1 ? "y" : "ies") << "\n";
  });
}

}  // namespace

void add_account_commands(CLI::App& app, CliContext& ctx) {
  add_user_commands(app, ctx);
  add_token_commands(app, ctx);
  add_audit_command(app, ctx);
}

}  // namespace timescales::cli
