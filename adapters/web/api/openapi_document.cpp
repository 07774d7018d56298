// The OpenAPI 3.1 document served at /api/v1/openapi.json: every route of api_routes.hpp, with
// its parameters, bodies and responses. Kept as code rather than a file read at start, so that
// the program needs no file beside it to describe itself; tests/api checks that it parses and
// names every route the table serves.
#include <nlohmann/json.hpp>

#include "adapters/web/api/api_routes.hpp"

namespace timescales::web::api {
namespace {

constexpr const char* kDocument = R"json(
{
  "openapi": "3.1.0",
  "info": {
    "title": "timescales API",
    "version": "1",
    "description": "The statutory time limits of a council's children's services cases: read a case's clocks, search the caseload, record, correct and void events, and evaluate a case without storing it. Every route but this document takes an API token (`timescales token add NAME --role ROLE [--team TEAM]`) as `Authorization: Bearer TOKEN`; what a token sees is its role's scope. Refusals are RFC 9457 problems (application/problem+json) naming the field."
  },
  "servers": [{"url": "/"}],
  "security": [{"bearer": []}],
  "paths": {
    "/api/v1/cases": {
      "get": {
        "operationId": "listCases",
        "summary": "Search the caseload the token's role may read, sorted by the next date due",
        "parameters": [
          {"name": "workflow", "in": "query", "schema": {"type": "string"}, "description": "a workflow id, e.g. complaints-statutory"},
          {"name": "team", "in": "query", "schema": {"type": "string"}},
          {"name": "owner", "in": "query", "schema": {"type": "string"}},
          {"name": "cohort", "in": "query", "schema": {"type": "string"}, "description": "the cohort attribute, e.g. child_in_care"},
          {"name": "state", "in": "query", "schema": {"type": "string"}, "description": "the workflow state, e.g. stage1"},
          {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["overdue", "at_risk", "running", "any"]}},
          {"name": "due_within", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 366}, "description": "the next clock due within this many working days"},
          {"name": "as_of", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "default: today"},
          {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
          {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}}
        ],
        "responses": {
          "200": {"description": "one page of the cases found", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CaseList"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "422": {"$ref": "#/components/responses/InvalidField"},
          "503": {"$ref": "#/components/responses/Busy"}
        }
      },
      "post": {
        "operationId": "openCase",
        "summary": "Open a case with its first events (all of them recorded, or none)",
        "parameters": [{"$ref": "#/components/parameters/as_of"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewCase"}}}},
        "responses": {
          "201": {"description": "opened: its evaluation", "headers": {"Location": {"schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Evaluation"}}}},
          "400": {"$ref": "#/components/responses/MalformedJson"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "409": {"$ref": "#/components/responses/Conflict"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
          "422": {"$ref": "#/components/responses/InvalidField"},
          "503": {"$ref": "#/components/responses/Busy"}
        }
      }
    },
    "/api/v1/cases/{id}": {
      "get": {
        "operationId": "readCase",
        "summary": "A case's evaluation, exactly as `timescales evaluate --format json` prints it",
        "parameters": [{"$ref": "#/components/parameters/id"}, {"$ref": "#/components/parameters/as_of"}],
        "responses": {
          "200": {"description": "the evaluation", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Evaluation"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "422": {"$ref": "#/components/responses/InvalidField"},
          "503": {"$ref": "#/components/responses/Busy"}
        }
      }
    },
    "/api/v1/cases/{id}/events": {
      "get": {
        "operationId": "caseEvents",
        "summary": "Every event recorded for the case, corrected and voided ones included, with the ids corrections name",
        "parameters": [{"$ref": "#/components/parameters/id"}],
        "responses": {
          "200": {"description": "the history, oldest first", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventHistory"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "503": {"$ref": "#/components/responses/Busy"}
        }
      },
      "post": {
        "operationId": "recordEvent",
        "summary": "Record what happened; refused when the workflow does not allow it in the case's state",
        "parameters": [{"$ref": "#/components/parameters/id"}, {"$ref": "#/components/parameters/as_of"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}}},
        "responses": {
          "201": {"description": "recorded: the evaluation after it", "headers": {"Timescales-Event-Id": {"schema": {"type": "integer"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Evaluation"}}}},
          "200": {"description": "the same event was already recorded: nothing added; the evaluation", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Evaluation"}}}},
          "400": {"$ref": "#/components/responses/MalformedJson"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
          "422": {"$ref": "#/components/responses/InvalidField"},
          "503": {"$ref": "#/components/responses/Busy"}
        }
      }
    },
    "/api/v1/events/{event_id}/correction": {
      "post": {
        "operationId": "correctEvent",
        "summary": "Supersede a recorded event; the old one stays in the history with the reason",
        "parameters": [{"$ref": "#/components/parameters/event_id"}, {"$ref": "#/components/parameters/as_of"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Correction"}}}},
        "responses": {
          "201": {"description": "corrected: the evaluation after it", "headers": {"Timescales-Event-Id": {"schema": {"type": "integer"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Evaluation"}}}},
          "400": {"$ref": "#/components/responses/MalformedJson"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "409": {"$ref": "#/components/responses/Conflict"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
          "422": {"$ref": "#/components/responses/InvalidField"},
          "503": {"$ref": "#/components/responses/Busy"}
        }
      }
    },
    "/api/v1/events/{event_id}/void": {
      "post": {
        "operationId": "voidEvent",
        "summary": "Take an event recorded in error out of force; it stays in the history with the reason",
        "parameters": [{"$ref": "#/components/parameters/event_id"}, {"$ref": "#/components/parameters/as_of"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Void"}}}},
        "responses": {
          "200": {"description": "voided: the evaluation after it", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Evaluation"}}}},
          "400": {"$ref": "#/components/responses/MalformedJson"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "409": {"$ref": "#/components/responses/Conflict"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "422": {"$ref": "#/components/responses/InvalidField"},
          "503": {"$ref": "#/components/responses/Busy"}
        }
      }
    },
    "/api/v1/evaluate": {
      "post": {
        "operationId": "evaluate",
        "summary": "Evaluate a posted case file (engine contract section 2); nothing is stored",
        "parameters": [{"$ref": "#/components/parameters/as_of"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CaseFile"}}}},
        "responses": {
          "200": {"description": "the evaluation", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Evaluation"}}}},
          "400": {"$ref": "#/components/responses/MalformedJson"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
          "422": {"$ref": "#/components/responses/InvalidField"}
        }
      }
    },
    "/api/v1/openapi.json": {
      "get": {
        "operationId": "openapi",
        "summary": "This document",
        "security": [],
        "responses": {"200": {"description": "the OpenAPI document", "content": {"application/json": {"schema": {"type": "object"}}}}}
      }
    },
    "/calendar/{secret}.ics": {
      "get": {
        "operationId": "calendarFeed",
        "summary": "A user's personal iCalendar feed of their deadlines (the secret is the feed's own, made on the Calendar page; revocable)",
        "security": [],
        "parameters": [{"name": "secret", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "RFC 5545 calendar: one all-day event per running or overdue deadline (case reference, clock and due date only)", "content": {"text/calendar": {"schema": {"type": "string"}}}},
          "404": {"description": "no feed has that secret, or it was revoked"},
          "503": {"description": "the store is busy for a moment", "headers": {"Retry-After": {"schema": {"type": "integer"}}}}
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearer": {"type": "http", "scheme": "bearer", "description": "a token from `timescales token add`, printed once"}
    },
    "parameters": {
      "id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "description": "the council's case reference"},
      "event_id": {"name": "event_id", "in": "path", "required": true, "schema": {"type": "integer"}, "description": "an event's id (GET /api/v1/cases/{id}/events)"},
      "as_of": {"name": "as_of", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "the day to evaluate on; default today"}
    },
    "responses": {
      "MalformedJson": {"description": "the body is not a JSON object; the problem gives line, column and byte", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "Unauthorized": {"description": "no token, or an unknown or revoked one", "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}}, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "Forbidden": {"description": "outside the token's scope, or no such case (the same answer: nothing of the case is said)", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "Conflict": {"description": "contradicts what is recorded (a reference taken, an event already corrected)", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "TooLarge": {"description": "the body is over 262144 bytes", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "UnsupportedMediaType": {"description": "the body was not sent as application/json", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "InvalidField": {"description": "a field is wrong (the problem's field names it): a date in the future or before the case began (date), an event the workflow does not allow in the case's state (type), a field of the wrong type", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "Busy": {"description": "the store is busy for a moment; send it again", "headers": {"Retry-After": {"schema": {"type": "integer"}}}, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    },
    "schemas": {
      "Problem": {
        "type": "object",
        "description": "RFC 9457",
        "required": ["type", "title", "status", "detail"],
        "properties": {
          "type": {"type": "string"},
          "title": {"type": "string"},
          "status": {"type": "integer"},
          "detail": {"type": "string"},
          "field": {"type": "string", "description": "the request's field it is about: date, type, events[1].date, body, as_of"},
          "errors": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"}, "detail": {"type": "string"}}}},
          "line": {"type": "integer"},
          "column": {"type": "integer"},
          "byte": {"type": "integer"}
        }
      },
      "Event": {
        "type": "object",
        "required": ["type", "date"],
        "properties": {
          "type": {"type": "string", "description": "an event of the case's workflow, e.g. stage1_responded"},
          "date": {"type": "string", "format": "date", "description": "not after today"},
          "time": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?$", "description": "the time of day, where known (a clock in hours, such as a return interview's 72, counts from it)"},
          "reason": {"type": "string", "description": "where the workflow asks for one, e.g. complex"}
        }
      },
      "CaseFile": {
        "type": "object",
        "required": ["id", "workflow", "events"],
        "properties": {
          "id": {"type": "string"},
          "workflow": {"type": "string"},
          "workflow_version": {"type": "string"},
          "attributes": {"type": "object", "additionalProperties": {"type": ["string", "number"]}},
          "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}
        }
      },
      "NewCase": {
        "allOf": [
          {"$ref": "#/components/schemas/CaseFile"},
          {"type": "object", "properties": {"team": {"type": "string"}, "owner": {"type": "string"}}}
        ]
      },
      "Correction": {
        "type": "object",
        "required": ["why"],
        "properties": {
          "type": {"type": "string"},
          "date": {"type": "string", "format": "date"},
          "reason": {"type": "string", "description": "\"\" clears it"},
          "time": {"type": ["string", "null"], "description": "HH:MM, the time of day it did happen; \"\" or null: no time known"},
          "why": {"type": "string", "description": "why the event was wrong"}
        }
      },
      "Void": {"type": "object", "required": ["why"], "properties": {"why": {"type": "string"}}},
      "Timer": {
        "type": "object",
        "properties": {
          "id": {"type": "string"},
          "kind": {"type": "string", "enum": ["deadline", "minimum", "fixed", "recurring", "local_target"]},
          "status": {"type": "string", "enum": ["pending", "running", "paused", "met", "missed", "overdue", "exempt", "cancelled"]},
          "start": {"type": ["string", "null"], "format": "date"},
          "due": {"type": ["string", "null"], "format": "date"},
          "stopped": {"type": ["string", "null"], "format": "date"},
          "remaining": {"type": ["integer", "null"]},
          "unit": {"type": "string"},
          "extended": {"type": "boolean"},
          "explanation": {"type": "string"},
          "paused": {"type": "boolean"},
          "exemption": {"type": ["string", "null"]},
          "remaining_days": {"type": ["integer", "null"]},
          "configurable": {"type": "boolean"},
          "source": {"type": "string"},
          "basis": {"type": "string"},
          "previous_cycles": {"type": "array", "items": {"type": "object"}}
        }
      },
      "Flag": {
        "type": "object",
        "properties": {
          "rule": {"type": "string"},
          "severity": {"type": "string", "enum": ["info", "at_risk", "overdue", "breach", "data_quality"]},
          "message": {"type": "string"},
          "timer": {"type": ["string", "null"]},
          "audience": {"type": "array", "items": {"type": "string"}},
          "because": {"type": "object"},
          "escalate_to": {"type": ["string", "null"]}
        }
      },
      "Evaluation": {
        "type": "object",
        "description": "engine contract section 2: what `evaluate --format json` prints for one case",
        "properties": {
          "id": {"type": "string"},
          "workflow": {"type": "string"},
          "workflow_version": {"type": "string"},
          "state": {"type": "string"},
          "as_of": {"type": "string", "format": "date"},
          "timers": {"type": "array", "items": {"$ref": "#/components/schemas/Timer"}},
          "flags": {"type": "array", "items": {"$ref": "#/components/schemas/Flag"}},
          "problems": {"type": "array", "items": {"type": "object", "properties": {"message": {"type": "string"}, "date": {"type": ["string", "null"]}, "event": {"type": ["string", "null"]}, "timer": {"type": "string"}}}}
        }
      },
      "CaseList": {
        "type": "object",
        "properties": {
          "as_of": {"type": "string", "format": "date"},
          "cases": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "id": {"type": "string"},
                "workflow": {"type": "string"},
                "team": {"type": ["string", "null"]},
                "owner": {"type": ["string", "null"]},
                "state": {"type": "string"},
                "overdue": {"type": "boolean"},
                "at_risk": {"type": "boolean"},
                "next": {"type": ["object", "null"], "properties": {"timer": {"type": "string"}, "status": {"type": "string"}, "due": {"type": ["string", "null"], "format": "date"}}}
              }
            }
          },
          "paging": {"type": "object", "properties": {"total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"}, "pages": {"type": "integer"}}}
        }
      },
      "EventHistory": {
        "type": "object",
        "properties": {
          "id": {"type": "string"},
          "events": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "id": {"type": "integer"},
                "type": {"type": "string"},
                "date": {"type": "string", "format": "date"},
                "time": {"type": ["string", "null"]},
                "reason": {"type": ["string", "null"]},
                "in_force": {"type": "boolean"},
                "source": {"type": "string"},
                "recorded_by": {"type": ["string", "null"]},
                "recorded_at": {"type": "string"},
                "supersedes": {"type": ["integer", "null"]},
                "superseded_by": {"type": ["integer", "null"]},
                "voided": {"type": "boolean"},
                "amendment": {"type": "object", "properties": {"kind": {"type": "string"}, "why": {"type": "string"}, "recorded_at": {"type": "string"}}}
              }
            }
          }
        }
      }
    }
  }
}
)json";

}  // namespace

const std::string& openapi_document() {
  // Parsed once, so a mistake in the text fails at start (add_api_routes asks), not per request;
  // served compact.
  static const std::string compact = nlohmann::json::parse(kDocument).dump();
  return compact;
}

}  // namespace timescales::web::api
