/* Stagelijn rules: the law and the school's norms for internships, as pure functions.
 *
 * Everything here is plain C11 over plain structs: no I/O, no allocation, no clock. The
 * caller passes every date. Results go into a fixed-capacity rule_report; each result has
 * a stable string id (see docs/rules.md) so that clients, tests and translations can rely
 * on it while the English message may change.
 *
 * Severity: RULE_ERROR means the server refuses the change (FAILED_PRECONDITION with the
 * list of ids); RULE_WARNING is stored and shown, and a coach may accept it with a reason.
 * Ids starting with INPUT_ are errors in what the caller passed, not in the internship:
 * the server should answer those with INVALID_ARGUMENT.
 *
 * Dates use rules_date rather than common/timeutil.h's sl_date because this module may
 * include nothing but the C standard library and both are linked into stagelijnd; the two
 * structs have the same layout ({y, m, d}) so converting is a field-by-field copy. */
#ifndef SL_RULES_H
#define SL_RULES_H

#include <stdbool.h>
#include <stddef.h>

#if defined(__GNUC__) || defined(__clang__)
#define RULES_PRINTF(fmt_idx, first_arg) __attribute__((format(printf, fmt_idx, first_arg)))
#else
#define RULES_PRINTF(fmt_idx, first_arg)
#endif

/* ------------------------------------------------------------------------------------- */
/* Dates and clock times                                                                 */
/* ------------------------------------------------------------------------------------- */

/* A local calendar date (Europe/Amsterdam school calendar). {0, 0, 0} means "unknown". */
typedef struct {
    int y, m, d;
} rules_date;

/* Clock times are minutes since local midnight, 0..1440 (1440 = 24:00, end of day). */
#define RULES_HM(h, m) ((h)*60 + (m))

bool rules_date_is_leap_year(int y);
int rules_date_days_in_month(int y, int m);
/* True for a real calendar day in years 1..9999. */
bool rules_date_valid(rules_date d);
/* Days since 1970-01-01 (negative before). Only meaningful for valid dates. */
long rules_date_to_days(rules_date d);
rules_date rules_date_from_days(long days);
/* <0, 0, >0 like strcmp. */
int rules_date_compare(rules_date a, rules_date b);
/* to - from, in days. */
long rules_date_days_between(rules_date from, rules_date to);
rules_date rules_date_add_days(rules_date d, long n);
/* Adds calendar months; a day that does not exist in the target month becomes that
 * month's last day (31 Aug + 6 months = 28/29 Feb). */
rules_date rules_date_add_months(rules_date d, int n);
/* ISO weekday: 1 = Monday .. 7 = Sunday. */
int rules_date_weekday(rules_date d);
/* The Monday of d's ISO week. */
rules_date rules_date_week_monday(rules_date d);
/* Completed years on `on` for someone born on `birth`; -1 if a date is invalid or `on`
 * is before `birth`. Someone born on 29 February turns a year older on 1 March in common
 * years (Dutch civil practice). */
int rules_date_age_on(rules_date birth, rules_date on);

/* ------------------------------------------------------------------------------------- */
/* Results                                                                               */
/* ------------------------------------------------------------------------------------- */

typedef enum { RULE_ERROR, RULE_WARNING } rule_severity;

#define RULE_REPORT_CAPACITY 32
#define RULE_MESSAGE_MAX 256
#define RULE_DETAIL_PARAMS 4 /* SL_MESSAGE_MAX_PARAMS of common/messages.h */
#define RULE_DETAIL_PARAM_LEN 64

typedef struct {
    const char *id; /* stable id, a string literal owned by this module */
    rule_severity severity;
    int occurrences;                /* how many times this id was found in one check (>= 1) */
    char message[RULE_MESSAGE_MAX]; /* rule summary + details of the first occurrence */
    /* The details of the first occurrence as a code of common/messages.h (DET_...) and its
     * parameters, for a client that words them; NULL when there are none or they were added
     * as English only (rules_report_add with a format). */
    const char *detail_code;
    int n_detail_params;
    char detail_params[RULE_DETAIL_PARAMS][RULE_DETAIL_PARAM_LEN];
} rule_violation;

/* One item per distinct id: a rule broken on ten days is one item with occurrences = 10,
 * so the list of ids the server sends back stays short and readable. */
typedef struct {
    rule_violation items[RULE_REPORT_CAPACITY];
    int count;    /* items in use */
    int errors;   /* distinct error ids found, including any that did not fit */
    int warnings; /* distinct warning ids found, including any that did not fit */
    int dropped;  /* distinct ids that did not fit (a warning may be pushed out by an error) */
} rule_report;

/* What the catalog knows about each rule; docs/rules.md describes the same table. */
typedef struct {
    const char *id;
    rule_severity severity;
    const char *summary; /* the human message, English */
    const char *source;  /* where in the school's policy plan (or the law it cites) */
} rules_rule_info;

void rules_report_init(rule_report *r);
/* Adds a result for `id` (severity from the catalog) with printf-style details. An unknown
 * id is added as an error so that a typo can never silently pass. */
void rules_report_add(rule_report *r, const char *id, const char *detail_fmt, ...)
    RULES_PRINTF(3, 4);
/* The same with details a client can word: used as
 * `rules_report_detail(r, "LAW_MINOR_AGE_13", DET_ON_DATE, "2026-05-04")`, the DET_ name
 * (common/messages.h) giving the code and its English format, so the compiler checks the
 * arguments. The message gets the English text (durations as H:MM h), the violation the code
 * and its raw parameters. A code missing from the table of messages.c gives the English only. */
void rules_report_detail(rule_report *r, const char *id, const char *code, const char *fmt, ...)
    RULES_PRINTF(4, 5);
bool rules_report_has(const rule_report *r, const char *id);
const rule_violation *rules_report_find(const rule_report *r, const char *id);
bool rules_report_has_errors(const rule_report *r);

const rules_rule_info *rules_catalog(size_t *count);
const rules_rule_info *rules_lookup(const char *id);

/* ------------------------------------------------------------------------------------- */
/* 1. Readiness for an individual internship (end of year 2)                              */
/* ------------------------------------------------------------------------------------- */

/* An assessment or advice that has not been given yet counts as not met. */
typedef enum {
    RULES_ASSESS_MISSING = 0,
    RULES_ASSESS_NEGATIVE,
    RULES_ASSESS_POSITIVE
} rules_assessment;

typedef struct {
    rules_date birth;
    rules_date internship_start;          /* planned first day of the individual internship */
    rules_assessment social_skills;       /* sufficient social skills */
    rules_assessment work_attitude;       /* sufficient learning/work attitude */
    rules_assessment teachers_advice;     /* the teachers involved, mentor included */
    rules_assessment internal_internship; /* canteen employee's assessment */
    rules_assessment taster_internship;   /* school coaches' assessment of the snuffelstage */
    rules_assessment mentor_assessment;
    bool nt2_not_fluent; /* learning Dutch as a second language, not yet fluent enough */
} rules_readiness_input;

typedef enum { RULES_ADVICE_GROUP, RULES_ADVICE_INDIVIDUAL } rules_advice;

/* INDIVIDUAL only when every criterion holds; the unmet criteria (READY_* ids) go into
 * `unmet`. Age is a legal minimum (severity error); the rest are the school's criteria. */
rules_advice rules_readiness_advice(const rules_readiness_input *in, rule_report *unmet);
/* The plan allows departing from the advice "in special cases" (the server records reason
 * and author). Not when the student would be under the legal minimum age. */
bool rules_readiness_overridable(const rule_report *unmet);

/* ------------------------------------------------------------------------------------- */
/* 2. Working time of minors                                                              */
/* ------------------------------------------------------------------------------------- */

/* Break parts of one day: a schedule day has at most 3 (the protocol's limit), and a day the
 * student works at two placements adds the gap between them as a further part. */
#define RULES_MAX_BREAK_PARTS 8
/* Bounded so the check needs no allocation; a school year has well under 250 work days. */
#define RULES_MAX_WORK_DAYS 400

/* One day of work, planned or recorded. At most one entry per date: several clock-ins on
 * one day are one entry whose gaps are break parts. Work never crosses midnight (minors
 * may not work at midnight anyway). */
typedef struct {
    rules_date date;
    int start_min; /* first minute of work, minutes since midnight */
    int end_min;   /* end of work (exclusive), <= 1440 */
    /* Each uninterrupted break in minutes; working time = (end - start) - sum(parts). */
    int break_parts[RULES_MAX_BREAK_PARTS];
    int n_break_parts;
    bool school_day; /* kept for the record; see docs/rules.md for why no rule uses it */
    /* Sunday work is permitted on this day (16-17 only; see sunday_work_permitted below).
     * A day made of several placements' times has it only when every one permits it. */
    bool sunday_work_permitted;
} rules_work_day;

typedef struct {
    rules_date birth;
    const rules_work_day *days;
    size_t n_days; /* any order */
    /* For 16-17 only: the contract or CAO provides for Sunday work and the nature of the
     * work requires it, or business needs it with the works council's (or, lacking one,
     * the employees') agreement. Never lifts the Sunday ban for 14-15. */
    bool sunday_work_permitted;
} rules_work_schedule;

/* Working time in minutes: span minus breaks (Dutch law: breaks are not working time). */
int rules_worked_minutes(const rules_work_day *d);
/* Checks every day against the rules for the student's age on that day. */
void rules_check_working_time(const rules_work_schedule *s, rule_report *r);
/* Recorded hours (the weekly agenda): minutes worked per date, any order, one entry per
 * date; 0 minutes = not worked. Checks what minutes can show, with the same ids as above:
 * the age on the day (12 or younger, 13), the maximum per day and per week, the 4-week
 * average (16-17) and Sunday (no Sunday permission is known for recorded days). Night,
 * daily rest and breaks need clock times and are left to the planned schedule. */
void rules_check_recorded_minutes(rules_date birth, const rules_date *dates, const int *minutes,
                                  size_t n, rule_report *r);

/* One recorded day (the agenda), with what else may be known about it. */
typedef struct {
    rules_date date;
    int minutes; /* worked, breaks excluded; 0 = not worked */
    /* Each uninterrupted break in minutes; read only when breaks_recorded. */
    int break_parts[RULES_MAX_BREAK_PARTS];
    int n_break_parts;
    bool breaks_recorded;       /* the break rule is checked on this day */
    bool sunday_work_permitted; /* 16-17: the placement holds the Sunday exception */
} rules_recorded_day;

/* rules_check_recorded_minutes with per-day facts: the break rule (LAW_MINOR_BREAK_*) on
 * days whose breaks were recorded, and Sunday work for 16-17 on days that permit it. */
void rules_check_recorded_days(rules_date birth, const rules_recorded_day *days, size_t n,
                               rule_report *r);
/* The night rule (LAW_MINOR_NIGHT_*) alone on clocked shifts: each entry's start_min..end_min
 * is one shift as clocked (end_min 1440 for a shift that runs past midnight); the age on its
 * date decides the band. Breaks and the other fields are not read; entries that are not a
 * valid span are skipped. */
void rules_check_night(rules_date birth, const rules_work_day *shifts, size_t n, rule_report *r);
/* The daily rest (LAW_MINOR_DAILY_REST_*) on the same clocked shifts, which must be in time
 * order: from the start of each day's first shift, the 24 hours that follow must hold an
 * uninterrupted rest of the band's length (a shift past midnight counts to 24:00 only). */
void rules_check_rest_on_shifts(rules_date birth, const rules_work_day *shifts, size_t n,
                                rule_report *r);

/* ------------------------------------------------------------------------------------- */
/* 3. Kinds of work by age                                                                */
/* ------------------------------------------------------------------------------------- */

typedef struct {
    bool prohibited_for_minors; /* verboden arbeid for anyone under 18 */
    bool special_requirements;  /* risky work (Arbobesluit 1.37, 3.46, 4.106, 7.39, 9.36) */
    bool cash_register;
    int lift_kg;                /* heaviest load lifted, kg */
    int push_pull_kgf;          /* force needed to push or pull, kg-force */
    bool psychosocial_load;     /* unavoidable aggression, bullying, harassment or stress */
    bool no_varied_postures;    /* cannot vary working posture */
    int days_since_pesticide;   /* days since crop protection/biocide use on the crop; -1 none */
    bool pesticide_term_waived; /* the product's authorisation allows a shorter term */
} rules_work_kind;

typedef struct {
    rules_date birth;
    rules_date on; /* the day the work is done (or the placement start when planning) */
    rules_work_kind work;
    bool expert_supervision;     /* deskundig toezicht is arranged */
    rules_date supervisor_birth; /* {0,0,0} if not recorded */
} rules_work_kind_check;

void rules_check_work_kind(const rules_work_kind_check *c, rule_report *r);

/* ------------------------------------------------------------------------------------- */
/* 4. School norms per phase, WVO art. 32, Entree hours                                    */
/* ------------------------------------------------------------------------------------- */

typedef enum {
    RULES_PHASE_Y3_FIRST, /* year 3, individual internship I */
    RULES_PHASE_Y3_LATER, /* year 3, internship II and any further one */
    RULES_PHASE_Y4_5,     /* years 4/5, sector internship */
    RULES_PHASE_ENTREE,   /* Entree year */
    RULES_PHASE_GROUP,    /* group internship: no day/hour norms in the plan */
    RULES_PHASE_INTERNAL  /* year 2, internal internship: 2-4 days, 09:50-14:00 */
} rules_phase;

#define RULES_ENTREE_MIN_MINUTES (650L * 60)
#define RULES_ENTREE_MIN_WEEK_MINUTES (21 * 60)

/* Warnings for a schedule (planned weekly times or recorded days) against the phase's
 * days-per-week and hours-per-day norms. */
void rules_check_school_norms(rules_phase phase, const rules_work_day *days, size_t n_days,
                              rule_report *r);

/* The phase's weekly hours norm in minutes, as the plan reads for one ordinary week: the
 * norm days at the norm's hours a day (the lower bound where the plan gives one, else the
 * upper), or the weekly minimum (Entree: 21 h); 0 for a phase without one (group). */
int rules_school_week_minutes(rules_phase phase);

/* WVO art. 32(2). "Education hours" is the number of hours in which education is provided
 * (the student's timetable, internship included) over the same period. */
void rules_check_wvo32_course(long internship_minutes, long education_minutes, rule_report *r);
/* The same rule as a warning (WVO32_COURSE_50_AT_RISK) for hours that are partly planned:
 * the course average is final only when the course ends. 50 % exactly is kept. */
void rules_warn_wvo32_course(long internship_minutes, long education_minutes, rule_report *r);
void rules_check_wvo32_week(long internship_minutes, long education_minutes,
                            bool partial_compulsory_schooling, rule_report *r);

typedef struct {
    long minutes_short;  /* still needed to reach 650 h (0 when reached) */
    long days_available; /* calendar days from today to the deadline, minus days off */
    bool behind;         /* 21 h a week from today on no longer reaches 650 h in time */
} rules_entree_progress;

/* `deadline`: the date by which the 650 h must be made (the exam check in May, or the end
 * of the school year); `days_off`: calendar days of school holidays between today and the
 * deadline, so that a holiday does not count as time to catch up. */
rules_entree_progress rules_entree_progress_on(long minutes_done, rules_date today,
                                               rules_date deadline, int days_off);
/* Same, as a SCHOOL_ENTREE_BEHIND_650 warning. */
void rules_check_entree_progress(long minutes_done, rules_date today, rules_date deadline,
                                 int days_off, rule_report *r);

/* ------------------------------------------------------------------------------------- */
/* 5. Group internship capacity                                                           */
/* ------------------------------------------------------------------------------------- */

#define RULES_GROUP_CAPACITY_DEFAULT 5

typedef enum { RULES_DAYPART_MORNING, RULES_DAYPART_AFTERNOON } rules_daypart;

typedef struct {
    rules_date date;
    rules_daypart daypart;
    int already_enrolled; /* students already in this day part, this one not counted */
    int capacity;         /* 0 = RULES_GROUP_CAPACITY_DEFAULT ("currently 5 per day part") */
    int school_year;      /* 3, 4, 5, ... */
    bool after_dropout;   /* sheltered here after dropping out of a regular internship */
} rules_group_enrolment;

void rules_check_group_enrolment(const rules_group_enrolment *e, rule_report *r);

/* ------------------------------------------------------------------------------------- */
/* 6. Entree admission and exam eligibility                                               */
/* ------------------------------------------------------------------------------------- */

void rules_check_entree_admission(bool recognised_company, bool prior_internships_passed,
                                  rule_report *r);
/* Proeve van Bekwaamheid (May): internship passed and at least 650 h. */
bool rules_entree_exam_eligible(bool internship_passed, long minutes_done, rule_report *r);

/* ------------------------------------------------------------------------------------- */
/* 7. Internship contract (WVO art. 35)                                                   */
/* ------------------------------------------------------------------------------------- */

typedef struct {
    const char *learning_activities; /* NULL or blank = missing */
    int n_locations;
    rules_date start, end; /* end is the last day, inclusive */
    int n_weekly_times;    /* entries of the weekly schedule */
    const char *supervision_split;
    const char *company_assessment_role;
    const char *inspection_arrangement;
    const char *accident_insurer;
    const char *liability_insurer;
    const char *premium_payer;
    bool signed_school, signed_company, signed_student, signed_parent;
    rules_date student_birth;
    rules_date concluded_on; /* date of signing, or today for a draft; {0,0,0} = unknown */
} rules_contract;

/* A parent/guardian signs while the student is a minor: on the earlier of the signing
 * date and the start date (a contract signed late still covered a minor's first days). */
bool rules_contract_needs_parent(const rules_contract *c);
void rules_check_contract_content(const rules_contract *c, rule_report *r);
void rules_check_contract_signatures(const rules_contract *c, rule_report *r);
/* Both of the above. */
void rules_check_contract(const rules_contract *c, rule_report *r);

/* ------------------------------------------------------------------------------------- */
/* 8. Visits                                                                              */
/* ------------------------------------------------------------------------------------- */

#define RULES_VISIT_INTERVAL_DAYS 21
#define RULES_VISIT_INTERVAL_SUPPORT_DAYS 14

/* The interval for a student; 0 for either parameter means its default. */
int rules_visit_interval(bool support_student, int regular_days, int support_days);
/* `last` is the last visit, or the placement start before the first visit. */
rules_date rules_visit_next_due(rules_date last, int interval_days);
/* Overdue from the day after the due date. */
bool rules_visit_overdue(rules_date last, rules_date today, int interval_days);
void rules_check_visit(rules_date last, rules_date today, int interval_days, rule_report *r);

/* ------------------------------------------------------------------------------------- */
/* 9. Aftercare                                                                           */
/* ------------------------------------------------------------------------------------- */

#define RULES_AFTERCARE_MONTHS 24
#define RULES_AFTERCARE_CONTACTS_PER_YEAR 3
#define RULES_AFTERCARE_SLOTS (RULES_AFTERCARE_MONTHS / 12 * RULES_AFTERCARE_CONTACTS_PER_YEAR)
#define RULES_AFTERCARE_SLOT_MONTHS (12 / RULES_AFTERCARE_CONTACTS_PER_YEAR)

/* The aftercare period is cut into 4-month slots; one contact is wanted in each. Fills
 * `due` with the last day of each slot and returns the number of slots (6). */
int rules_aftercare_due_dates(rules_date left_school, rules_date due[RULES_AFTERCARE_SLOTS]);

typedef struct {
    bool active;       /* today is within the two years after leaving */
    int slot;          /* 0-based slot containing today (valid when active) */
    bool contact_due;  /* no contact yet in the current slot */
    rules_date due_by; /* last day of the current slot (valid when contact_due) */
    int missed_slots;  /* earlier slots without any contact */
} rules_aftercare_status;

rules_aftercare_status rules_aftercare_status_on(rules_date left_school, const rules_date *contacts,
                                                 size_t n_contacts, rules_date today);

#endif
