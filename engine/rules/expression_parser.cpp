#include "engine/rules/expression_parser.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace timescales::rules {
namespace {

enum class Tok { end, number, string, date, ident, lparen, rparen, lbracket, rbracket, comma, dot,
                 eq, ne, lt, le, gt, ge, plus, minus, error };

struct Token {
  Tok kind = Tok::end;
  std::string_view text;
  int offset = 0;
};

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  Token next() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    const int start = static_cast<int>(pos_);
    if (pos_ >= s_.size()) return {Tok::end, {}, start};
    const char c = s_[pos_];
    auto single = [&](Tok t) { ++pos_; return Token{t, s_.substr(start, 1), start}; };
    auto pair = [&](Tok t) { pos_ += 2; return Token{t, s_.substr(start, 2), start}; };
    const char n = pos_ + 1 < s_.size() ? s_[pos_ + 1] : '\0';
    switch (c) {
      case '(': return single(Tok::lparen);
      case ')': return single(Tok::rparen);
      case '[': return single(Tok::lbracket);
      case ']': return single(Tok::rbracket);
      case ',': return single(Tok::comma);
      case '.': return single(Tok::dot);
      case '+': return single(Tok::plus);
      case '-': return single(Tok::minus);
      case '=': return n == '=' ? pair(Tok::eq) : Token{Tok::error, s_.substr(start, 1), start};
      case '!': return n == '=' ? pair(Tok::ne) : Token{Tok::error, s_.substr(start, 1), start};
      case '<': return n == '=' ? pair(Tok::le) : single(Tok::lt);
      case '>': return n == '=' ? pair(Tok::ge) : single(Tok::gt);
      case '"':
      case '\'': {
        const size_t close = s_.find(c, pos_ + 1);
        if (close == std::string_view::npos) return {Tok::error, s_.substr(start, 1), start};
        pos_ = close + 1;
        return {Tok::string, s_.substr(start + 1, close - static_cast<size_t>(start) - 1), start};
      }
      default: break;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      // A date is exactly YYYY-MM-DD; anything else starting with a digit is a number.
      if (pos_ + 10 <= s_.size() && s_[pos_ + 4] == '-' && s_[pos_ + 7] == '-' &&
          std::isdigit(static_cast<unsigned char>(s_[pos_ + 5]))) {
        pos_ += 10;
        return {Tok::date, s_.substr(start, 10), start};
      }
      while (pos_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.')) ++pos_;
      return {Tok::number, s_.substr(start, pos_ - start), start};
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) ++pos_;
      return {Tok::ident, s_.substr(start, pos_ - start), start};
    }
    return {Tok::error, s_.substr(start, 1), start};
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

Error error_at(int offset, std::string message) {
  return Error{std::move(message), SourcePosition{"<expression>", 1, offset + 1}};
}

Error too_deep(int offset) {
  return error_at(offset, "expression nested deeper than " + std::to_string(kMaxExpressionDepth) + " levels");
}

class Parser {
 public:
  explicit Parser(std::string_view text) : lexer_(text) { advance(); }

  Result<ExprPtr> parse_all() {
    auto e = parse_or();
    if (!e) return e;
    if (tok_.kind != Tok::end) return error_at(tok_.offset, "unexpected '" + std::string(tok_.text) + "'");
    return e;
  }

 private:
  void advance() { tok_ = lexer_.next(); }
  bool is_word(std::string_view w) const { return tok_.kind == Tok::ident && tok_.text == w; }

  static ExprPtr node(Expr::Kind kind, int offset) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->offset = offset;
    return e;
  }
  // Puts `child` under `parent`, refusing a tree deeper than kMaxExpressionDepth (see the header).
  static Status adopt(Expr& parent, ExprPtr child, int offset) {
    parent.height = std::max(parent.height, child->height + 1);
    parent.children.push_back(std::move(child));
    if (parent.height > kMaxExpressionDepth) return too_deep(offset);
    return Ok{};
  }
  static Result<ExprPtr> binary(Op op, ExprPtr l, ExprPtr r, int offset) {
    auto e = node(Expr::Kind::binary, offset);
    e->op = op;
    if (auto s = adopt(*e, std::move(l), offset); !s) return s.error();
    if (auto s = adopt(*e, std::move(r), offset); !s) return s.error();
    return e;
  }

  // Counts one level of recursion (bracket, `not`, call, list) for as long as it lives; the parser
  // checks `too_deep_` before recursing, so recursion stops at the limit instead of the stack.
  class Nesting {
   public:
    explicit Nesting(Parser& p) : p_(p) { ++p_.nesting_; }
    ~Nesting() { --p_.nesting_; }
    bool too_deep() const { return p_.nesting_ > kMaxExpressionDepth; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;

   private:
    Parser& p_;
  };

  Result<ExprPtr> parse_or() {
    auto left = parse_and();
    if (!left) return left;
    ExprPtr e = std::move(*left);
    while (is_word("or")) {
      const int at = tok_.offset;
      advance();
      auto right = parse_and();
      if (!right) return right;
      auto joined = binary(Op::or_, std::move(e), std::move(*right), at);
      if (!joined) return joined;
      e = std::move(*joined);
    }
    return e;
  }

  Result<ExprPtr> parse_and() {
    auto left = parse_not();
    if (!left) return left;
    ExprPtr e = std::move(*left);
    while (is_word("and")) {
      const int at = tok_.offset;
      advance();
      auto right = parse_not();
      if (!right) return right;
      auto joined = binary(Op::and_, std::move(e), std::move(*right), at);
      if (!joined) return joined;
      e = std::move(*joined);
    }
    return e;
  }

  Result<ExprPtr> parse_not() {
    if (is_word("not")) {
      const int at = tok_.offset;
      const Nesting level(*this);
      if (level.too_deep()) return too_deep(at);
      advance();
      auto operand = parse_not();
      if (!operand) return operand;
      auto e = node(Expr::Kind::unary, at);
      e->op = Op::not_;
      if (auto s = adopt(*e, std::move(*operand), at); !s) return s.error();
      return e;
    }
    return parse_compare();
  }

  Result<ExprPtr> parse_compare() {
    auto left = parse_sum();
    if (!left) return left;
    const int at = tok_.offset;
    Op op;
    switch (tok_.kind) {
      case Tok::eq: op = Op::eq; break;
      case Tok::ne: op = Op::ne; break;
      case Tok::lt: op = Op::lt; break;
      case Tok::le: op = Op::le; break;
      case Tok::gt: op = Op::gt; break;
      case Tok::ge: op = Op::ge; break;
      default:
        if (is_word("in") || is_word("not")) {
          const bool negated = is_word("not");
          advance();
          if (negated) {
            if (!is_word("in")) return error_at(tok_.offset, "expected 'in' after 'not' here");
            advance();
          }
          auto list = parse_list();
          if (!list) return list;
          return binary(negated ? Op::not_in : Op::in, std::move(*left), std::move(*list), at);
        }
        return left;
    }
    advance();
    auto right = parse_sum();
    if (!right) return right;
    return binary(op, std::move(*left), std::move(*right), at);
  }

  Result<ExprPtr> parse_list() {
    if (tok_.kind != Tok::lbracket) return error_at(tok_.offset, "expected a list such as [\"a\", \"b\"] after 'in'");
    const Nesting level(*this);
    if (level.too_deep()) return too_deep(tok_.offset);
    auto list = node(Expr::Kind::list, tok_.offset);
    advance();
    while (true) {
      const int at = tok_.offset;
      auto item = parse_sum();
      if (!item) return item;
      if (auto s = adopt(*list, std::move(*item), at); !s) return s.error();
      if (tok_.kind == Tok::comma) { advance(); continue; }
      if (tok_.kind == Tok::rbracket) { advance(); return list; }
      return error_at(tok_.offset, "expected ',' or ']' in the list");
    }
  }

  Result<ExprPtr> parse_sum() {
    auto left = parse_primary();
    if (!left) return left;
    ExprPtr e = std::move(*left);
    while (tok_.kind == Tok::plus || tok_.kind == Tok::minus) {
      const Op op = tok_.kind == Tok::plus ? Op::add : Op::sub;
      const int at = tok_.offset;
      advance();
      auto right = parse_primary();
      if (!right) return right;
      auto joined = binary(op, std::move(e), std::move(*right), at);
      if (!joined) return joined;
      e = std::move(*joined);
    }
    return e;
  }

  // After a number: the longest run of words that names a unit ("working days", "weeks").
  std::optional<Unit> take_unit() {
    if (tok_.kind != Tok::ident) return std::nullopt;
    const std::string first(tok_.text);
    if (first == "working" || first == "school" || first == "calendar") {
      Lexer probe = lexer_;
      const Token second = probe.next();
      if (second.kind != Tok::ident) return std::nullopt;
      auto unit = parse_unit(first + " " + std::string(second.text));
      if (!unit) return std::nullopt;
      advance();
      advance();
      return *unit;
    }
    if (first == "day" || first == "days" || first == "week" || first == "weeks" || first == "month" ||
        first == "months") {
      advance();
      return *parse_unit(first);
    }
    return std::nullopt;
  }

  Result<ExprPtr> parse_primary() {
    const Token t = tok_;
    switch (t.kind) {
      case Tok::number: {
        advance();
        double v = 0;
        const auto [p, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
        if (ec != std::errc{} || p != t.text.data() + t.text.size())
          return error_at(t.offset, "'" + std::string(t.text) + "' is not a number");
        auto e = node(Expr::Kind::literal, t.offset);
        if (auto unit = take_unit()) {
          if (v > kMaxDurationCount || v != static_cast<int>(v))
            return error_at(t.offset, "a duration is a whole number of units, at most " + std::to_string(kMaxDurationCount));
          e->literal = Duration{static_cast<int>(v), *unit};
        } else {
          e->literal = v;
        }
        return e;
      }
      case Tok::string: {
        advance();
        auto e = node(Expr::Kind::literal, t.offset);
        e->string_storage = std::string(t.text);
        e->literal = std::string_view(e->string_storage);
        return e;
      }
      case Tok::date: {
        advance();
        auto date = parse_iso_date(t.text);
        if (!date) return error_at(t.offset, date.error().message);
        auto e = node(Expr::Kind::literal, t.offset);
        e->literal = *date;
        return e;
      }
      case Tok::lparen: {
        const Nesting level(*this);
        if (level.too_deep()) return too_deep(t.offset);
        advance();
        auto inner = parse_or();
        if (!inner) return inner;
        if (tok_.kind != Tok::rparen) return error_at(tok_.offset, "expected ')'");
        advance();
        return inner;
      }
      case Tok::ident:
        return parse_name();
      case Tok::end:
        return error_at(t.offset, "the expression ends too soon");
      default:
        return error_at(t.offset, "unexpected '" + std::string(t.text) + "'");
    }
  }

  // name ("." name)* | name "(" args ")" ("." name)*
  Result<ExprPtr> parse_name() {
    const Token t = tok_;
    if (t.text == "true" || t.text == "false") {
      advance();
      auto e = node(Expr::Kind::literal, t.offset);
      e->literal = t.text == "true";
      return e;
    }
    if (t.text == "and" || t.text == "or" || t.text == "in" || t.text == "not")
      return error_at(t.offset, "'" + std::string(t.text) + "' needs something before it");
    advance();
    ExprPtr e;
    if (tok_.kind == Tok::lparen) {
      const Nesting level(*this);
      if (level.too_deep()) return too_deep(tok_.offset);
      e = node(Expr::Kind::call, t.offset);
      e->text = std::string(t.text);
      advance();
      if (tok_.kind != Tok::rparen) {
        while (true) {
          const int at = tok_.offset;
          auto arg = parse_or();
          if (!arg) return arg;
          if (auto s = adopt(*e, std::move(*arg), at); !s) return s.error();
          if (tok_.kind == Tok::comma) { advance(); continue; }
          break;
        }
      }
      if (tok_.kind != Tok::rparen) return error_at(tok_.offset, "expected ')' to close " + e->text + "(");
      advance();
    } else {
      e = node(Expr::Kind::name, t.offset);
      e->text = std::string(t.text);
    }
    // Field access: timer("x").due, case.attributes.team. Calls keep the path in `path`.
    while (tok_.kind == Tok::dot) {
      advance();
      if (tok_.kind != Tok::ident) return error_at(tok_.offset, "expected a field name after '.'");
      if (e->kind == Expr::Kind::call) e->path += (e->path.empty() ? "" : ".") + std::string(tok_.text);
      else e->text += "." + std::string(tok_.text);
      advance();
    }
    return e;
  }

  Lexer lexer_;
  Token tok_;
  int nesting_ = 0;  // brackets, `not`s, calls and lists open around the current token
};

}  // namespace

Result<ExprPtr> parse_expression(std::string_view text) { return Parser(text).parse_all(); }

}  // namespace timescales::rules
