#include "adapters/mail/recipients_file.hpp"

#include <algorithm>
#include <cstdlib>
#include <functional>

#include "adapters/files/text_files.hpp"
#include "adapters/mail/sendmail_sender.hpp"
#include "engine/core/toml_fields.hpp"

namespace timescales::mail {
namespace {

Status only_keys(const toml::table& t, const std::string& file, std::initializer_list<std::string_view> known,
                 std::string_view section) {
  for (const auto& [key, node] : t)
    if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
      std::string expected;
      for (auto k : known) expected += (expected.empty() ? "" : ", ") + std::string(k);
      return Error::at(position_of(node, file), "unknown key '" + std::string(key.str()) + "' in " +
                                                    std::string(section) + " (expected: " + expected + ")");
    }
  return Ok{};
}

// "a@x" or ["a@x", "b@y"]: one or more plain addresses.
Result<std::vector<std::string>> addresses(const toml::node& node, const std::string& file, const std::string& whose) {
  std::vector<std::string> out;
  auto one = [&](const toml::node& n) -> Status {
    auto s = n.value<std::string>();
    if (!s) return Error::at(position_of(n, file), whose + ": an address must be a string (\"name@council.gov.uk\")");
    if (!is_plain_address(*s))
      return Error::at(position_of(n, file), whose + ": '" + *s + "' is not a plain address (local@domain, ASCII, " +
                                                 "no spaces, names or angle brackets)");
    if (std::find(out.begin(), out.end(), *s) == out.end()) out.push_back(*s);
    return Ok{};
  };
  if (const toml::array* arr = node.as_array()) {
    for (const auto& item : *arr)
      if (auto s = one(item); !s) return s.error();
    if (out.empty()) return Error::at(position_of(node, file), whose + ": the list of addresses is empty");
  } else if (auto s = one(node); !s) {
    return s.error();
  }
  return out;
}

// The addr-spec of a From: value: "Name <a@x>" or "a@x". The display name must be plain ASCII
// words (no quotes, no line breaks), so it can go into the header as it is.
Result<std::string> from_address(const std::string& from, const SourcePosition& where) {
  const auto open = from.find('<');
  if (open == std::string::npos) {
    if (!is_plain_address(from)) return Error::at(where, "'from': '" + from + "' is not an address (\"Timescales <timescales@council.gov.uk>\")");
    return from;
  }
  const auto close = from.find('>', open);
  if (close == std::string::npos || close + 1 != from.size())
    return Error::at(where, "'from': the address must end the value, in angle brackets: \"Timescales <timescales@council.gov.uk>\"");
  const std::string name = from.substr(0, open);
  for (unsigned char c : name)
    if (c < 0x20 || c > 0x7E || c == '"' || c == '<' || c == '>' || c == '\\' || c == ',' || c == ';' || c == ':' ||
        c == '@' || c == '(' || c == ')' || c == '[' || c == ']')
      return Error::at(where, "'from': the name before the address must be plain ASCII words");
  const std::string address = from.substr(open + 1, close - open - 1);
  if (!is_plain_address(address)) return Error::at(where, "'from': '" + address + "' is not a plain address");
  return address;
}

Result<std::string> read_password(const TomlFields& f, const std::function<const char*(const char*)>& environment) {
  if (f.has("password_file") && f.has("password_env"))
    return f.error("password_env", "give password_file or password_env, not both");
  if (f.has("password_file")) {
    auto path = f.string("password_file");
    if (!path) return path.error();
    auto text = read_text_file(*path);
    if (!text) return f.error("password_file", "password_file: " + text.error().message);
    std::string p = *text;
    while (!p.empty() && (p.back() == '\n' || p.back() == '\r')) p.pop_back();
    if (p.empty()) return f.error("password_file", "password_file: " + *path + " is empty");
    return p;
  }
  if (f.has("password_env")) {
    auto name = f.string("password_env");
    if (!name) return name.error();
    const char* value = environment(name->c_str());
    if (!value || !*value) return f.error("password_env", "password_env: the environment variable " + *name + " is not set");
    return std::string(value);
  }
  return f.error_here("'user' is given but no password_file or password_env");
}

Status parse_delivery(const toml::table& t, const std::string& file, Recipients& r,
                      const std::function<const char*(const char*)>& environment) {
  TomlFields f(t, file);
  if (t.contains("password"))
    return f.error("password", "a password is not kept in this file: give password_file (a file only this user can "
                               "read) or password_env (an environment variable)");
  if (auto s = only_keys(t, file,
                         {"method", "url", "tls", "user", "password_file", "password_env", "timeout_seconds", "sendmail"},
                         "[delivery]");
      !s)
    return s;
  auto method = f.string("method");
  if (!method) return method.error();
  if (*method == "sendmail") {
    r.method = DeliveryMethod::sendmail;
    for (auto key : {"url", "tls", "user", "password_file", "password_env"})
      if (f.has(key)) return f.error(key, "'" + std::string(key) + "' is for method = \"smtp\"");
    auto program = f.string_or("sendmail", kDefaultSendmail);
    if (!program) return program.error();
    if (program->empty() || (*program)[0] != '/') return f.error("sendmail", "'sendmail' must be an absolute path");
    r.sendmail = *program;
    return Ok{};
  }
  if (*method != "smtp") return f.error("method", "method must be \"smtp\" or \"sendmail\"");
  r.method = DeliveryMethod::smtp;
  if (f.has("sendmail")) return f.error("sendmail", "'sendmail' is for method = \"sendmail\"");
  auto url = f.string("url");
  if (!url) return url.error();
  const bool smtps = url->rfind("smtps://", 0) == 0;
  if (!smtps && url->rfind("smtp://", 0) != 0) return f.error("url", "url must begin smtp:// or smtps://");
  const std::string rest = url->substr(smtps ? 8 : 7);
  if (rest.empty() || rest[0] == '/' || rest[0] == ':') return f.error("url", "url names no host");
  if (rest.find('@') != std::string::npos)
    return f.error("url", "url must not hold a user or password: give 'user' and password_file or password_env");
  for (unsigned char c : rest)
    if (c <= 0x20 || c >= 0x7F) return f.error("url", "url must be ASCII with no spaces");
  r.smtp.url = *url;
  auto tls = f.string_or("tls", smtps ? "implicit" : "starttls");
  if (!tls) return tls.error();
  if (smtps) {
    if (*tls != "implicit") return f.error("tls", "an smtps:// url is TLS from the start: leave 'tls' out");
    r.smtp.tls = SmtpTls::implicit;
  } else if (*tls == "starttls") {
    r.smtp.tls = SmtpTls::starttls;
  } else if (*tls == "none") {
    r.smtp.tls = SmtpTls::none;
  } else {
    return f.error("tls", "tls must be \"starttls\" (the default) or \"none\" (a relay on this machine)");
  }
  auto seconds = f.integer_or("timeout_seconds", 60);
  if (!seconds) return seconds.error();
  if (*seconds < 1 || *seconds > 3600) return f.error("timeout_seconds", "timeout_seconds must be 1 to 3600");
  r.smtp.timeout_seconds = static_cast<long>(*seconds);
  if (f.has("user")) {
    auto user = f.string("user");
    if (!user) return user.error();
    if (user->empty()) return f.error("user", "'user' must not be empty");
    r.smtp.user = *user;
    auto password = read_password(f, environment);
    if (!password) return password.error();
    r.smtp.password = *password;
  } else if (f.has("password_file") || f.has("password_env")) {
    return f.error(f.has("password_file") ? "password_file" : "password_env", "a password is given but no 'user'");
  }
  return Ok{};
}

// [audience], [team] or [owner]: name = address(es). The key's own prefix ("team:", "owner:")
// makes the recipient's name the digest's.
Status parse_addresses(const toml::table& t, const std::string& file, const std::string& prefix, Recipients& r) {
  for (const auto& [key, node] : t) {
    const std::string name(key.str());
    if (name.empty()) return Error::at(position_of(node, file), "an empty name");
    const std::string recipient = prefix + name;
    auto found = addresses(node, file, recipient);
    if (!found) return found.error();
    r.audiences[recipient] = std::move(*found);
  }
  return Ok{};
}

}  // namespace

bool is_plain_address(std::string_view a) {
  const auto at = a.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == a.size() || a.find('@', at + 1) != std::string_view::npos)
    return false;
  if (a.size() > 254) return false;
  for (unsigned char c : a) {
    if (c <= 0x20 || c >= 0x7F) return false;
    if (std::string_view("<>()[],;:\"\\").find(static_cast<char>(c)) != std::string_view::npos) return false;
  }
  const std::string_view domain = a.substr(at + 1);
  return domain.front() != '.' && domain.back() != '.' && domain.find("..") == std::string_view::npos;
}

const std::vector<std::string>& Recipients::addresses_for(const std::string& recipient) const {
  static const std::vector<std::string> none;
  auto it = audiences.find(recipient);
  return it == audiences.end() ? none : it->second;
}

std::unique_ptr<MailSender> Recipients::make_sender() const {
  if (method == DeliveryMethod::sendmail) return make_sendmail_sender(sendmail);
  return make_smtp_sender(smtp);
}

Result<Recipients> parse_recipients(std::string_view text, const std::string& file,
                                    const std::function<const char*(const char*)>& environment) {
  auto doc = parse_toml(text, file);
  if (!doc) return doc.error();
  if (auto s = only_keys(*doc, file, {"from", "delivery", "audience", "team", "owner"}, file); !s) return s.error();
  Recipients r;
  r.file = file;
  TomlFields top(*doc, file);
  auto from = top.string("from");
  if (!from) return from.error();
  auto address = from_address(*from, position_of(*doc->get("from"), file));
  if (!address) return address.error();
  r.from = *from;
  r.envelope_from = *address;
  r.message_id_domain = address->substr(address->find('@') + 1);
  auto delivery = top.subtable("delivery");
  if (!delivery) return delivery.error();
  if (!*delivery) return top.error_here("missing [delivery] (method = \"smtp\" or \"sendmail\")");
  if (auto s = parse_delivery(**delivery, file, r, environment); !s) return s.error();
  for (auto [section, prefix] : {std::pair{"audience", ""}, {"team", "team:"}, {"owner", "owner:"}}) {
    auto table = top.subtable(section);
    if (!table) return table.error();
    if (*table)
      if (auto s = parse_addresses(**table, file, prefix, r); !s) return s.error();
  }
  if (r.audiences.empty()) return top.error_here("no addresses: give [audience], [team] or [owner]");
  return r;
}

Result<Recipients> load_recipients(const std::filesystem::path& file) {
  auto text = read_text_file(file);
  if (!text) return text.error();
  return parse_recipients(*text, file.string(), [](const char* name) -> const char* { return std::getenv(name); });
}

}  // namespace timescales::mail
