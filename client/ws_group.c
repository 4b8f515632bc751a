/* Workstation commands of the group internship: sessions per location and day part,
 * enrolment, reflection interviews; see ws_commands.h. */
#include <string.h>

#include "ws_commands.h"

static int session_create(cli_ctx *ctx, const cli_args *a)
{
    const char *location, *date, *part;
    unsigned long capacity = 0;
    if (!cli_need(ctx, a, "location", &location) || !cli_need(ctx, a, "date", &date) ||
        !cli_need(ctx, a, "part", &part) || !cli_uint(ctx, a, "capacity", 5, &capacity))
        return EXIT_USAGE;
    int day_part = 0;
    if (!cli_enum(ctx, a, "part", &stagelijn__v1__day_part__descriptor, &day_part))
        return EXIT_USAGE;
    Stagelijn__V1__GroupSession g = STAGELIJN__V1__GROUP_SESSION__INIT;
    g.day_part = (Stagelijn__V1__DayPart)day_part;
    g.location = (char *)location;
    g.address = (char *)(cli_arg(a, "address") ? cli_arg(a, "address") : "");
    g.date = (char *)date;
    g.capacity = (uint32_t)capacity;
    Stagelijn__V1__CreateGroupSessionRequest c = STAGELIJN__V1__CREATE_GROUP_SESSION_REQUEST__INIT;
    c.session = &g;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_GROUP_SESSION;
    req.create_group_session = &c;
    return cli_call_print(ctx, &req);
}

static int enrol(cli_ctx *ctx, const cli_args *a)
{
    const char *session, *student;
    if (!cli_need(ctx, a, "session", &session) || !cli_need(ctx, a, "student", &student))
        return EXIT_USAGE;
    Stagelijn__V1__EnrolGroupSessionRequest e = STAGELIJN__V1__ENROL_GROUP_SESSION_REQUEST__INIT;
    e.group_session_id = (char *)session;
    e.student_id = (char *)student;
    e.after_dropout = cli_flag(a, "after-dropout");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_ENROL_GROUP_SESSION;
    req.enrol_group_session = &e;
    return cli_call_print(ctx, &req);
}

static int sessions(cli_ctx *ctx, const cli_args *a)
{
    Stagelijn__V1__ListGroupSessionsRequest l = STAGELIJN__V1__LIST_GROUP_SESSIONS_REQUEST__INIT;
    l.from_date = (char *)(cli_arg(a, "from") ? cli_arg(a, "from") : "");
    l.to_date = (char *)(cli_arg(a, "to") ? cli_arg(a, "to") : "");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_GROUP_SESSIONS;
    req.list_group_sessions = &l;
    return cli_call_print(ctx, &req);
}

static int reflect(cli_ctx *ctx, const cli_args *a)
{
    const char *student, *date, *notes;
    if (!cli_need(ctx, a, "student", &student) || !cli_need(ctx, a, "date", &date) ||
        !cli_need(ctx, a, "notes", &notes))
        return EXIT_USAGE;
    Stagelijn__V1__GroupReflection g = STAGELIJN__V1__GROUP_REFLECTION__INIT;
    g.student_id = (char *)student;
    g.date = (char *)date;
    g.notes = (char *)notes;
    g.ready_for_individual = cli_flag(a, "ready");
    g.parents_agree = cli_flag(a, "parents-agree");
    g.mentor_agrees = cli_flag(a, "mentor-agrees");
    Stagelijn__V1__RecordGroupReflectionRequest r =
        STAGELIJN__V1__RECORD_GROUP_REFLECTION_REQUEST__INIT;
    r.reflection = &g;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_GROUP_REFLECTION;
    req.record_group_reflection = &r;
    return cli_call_print(ctx, &req);
}

const cli_cmd ws_group_commands[] = {
    {"group session create", "location address date part capacity",
     "--location NAME [--address TEXT] --date YYYY-MM-DD --part morning|afternoon "
     "[--capacity 1..5]",
     N_("plan a group internship session for a day part (5 places, or fewer)"), session_create,
     false},
    {"group enrol", "session student after-dropout", "--session ID --student ID [--after-dropout]",
     N_("enrol a year-3 student, or a student after a dropout, in a session"), enrol, false},
    {"group sessions", "from to", "[--from YYYY-MM-DD] [--to YYYY-MM-DD]",
     N_("group internship sessions with their students (default: the next four weeks)"), sessions,
     false},
    {"group reflect", "student date notes ready parents-agree mentor-agrees",
     "--student ID --date YYYY-MM-DD --notes TEXT [--ready --parents-agree --mentor-agrees]",
     N_("record a reflection interview; --ready records the joint decision of parents, mentor "
        "and coach to move on to an individual internship"),
     reflect, false},
};
const size_t ws_group_count = sizeof ws_group_commands / sizeof ws_group_commands[0];
