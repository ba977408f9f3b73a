// Runs the plan of one ExecutePlan request for an Operation: translates it, executes it with
// the operation's cancellation flag, and appends the responses (schema, Arrow batches,
// metrics, command results, ResultComplete for reattachable executions) to the operation,
// ending with Operation::Finish. Thread-safe; one call per operation.
#pragma once

#include <functional>

#include "connect/operation.h"
#include "connect/session.h"
#include "spark/connect/base.pb.h"

namespace kindred::connect {

class ExtensionRegistry;

// Fills the ids every ExecutePlan response carries: session_id, server_side_session_id,
// operation_id and a fresh response_id.
void StampResponse(const Session& session, const Operation& op,
                   spark::connect::ExecutePlanResponse* response);

// Executes `plan` for `op`. `after_append` (may be empty) runs after every appended response on
// the calling thread, so the caller can stream responses while execution goes on.
void RunExecution(const spark::connect::Plan& plan, Session* session, Operation* op,
                  const ExtensionRegistry* extensions,
                  const std::function<void()>& after_append = {});

// The sql::ExecContext for `session` with `cancelled` as the interrupt flag.
sql::ExecContext MakeExecContext(Session* session, std::atomic<bool>* cancelled);

}  // namespace kindred::connect
