// The Date: header of a message (RFC 5322 §3.3): the moment given, in the process's local time
// zone with its offset ("Tue, 01 Dec 2026 07:00:12 +0000"; "+0100" in British Summer Time). The
// council's time zone is the process's: TZ in the environment (the shipped systemd unit sets
// TZ=Europe/London), else the system's.
//
// Thread-safety: safe from any thread (localtime_r); reads the TZ environment variable.
#pragma once

#include <ctime>
#include <string>

namespace timescales::mail {

std::string rfc5322_date(std::time_t when);
std::string rfc5322_date_now();

}  // namespace timescales::mail
