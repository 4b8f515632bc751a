/* The rules that no client reached before (issue 7 item 7), each triggered through a real
 * client with the refusal or warning checked by its rule id and in Dutch: the 4-week average
 * of a 16-17-year-old (an agenda week resubmitted on the kiosk), WVO art. 32's 80 % week (a
 * placement) and its 50 % over the course (warned while planned, the law once the student has
 * left), the Entree norms (3 days a week, 21 h a week, 650 h in time), year 3's hours a day,
 * an overdue visit in the coach's visit plan and a placement too long for one check. The
 * server's clock is set to Wednesday 13 January 2027 at noon (Europe/Amsterdam). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "programs.h"

#define TODAY "2027-01-13" /* a Wednesday */
#define WS "stagelijn"
#define KIOSK "stagelijn-kiosk"

static struct {
    test_server ts;
    sl_client *admin, *coach;
    char y3[37], y4[37], entree_class[37], company[37], sup_id[37];
    char out[65536];
} W;

/* Runs prog as user (the supervisor's kiosk or the coach's workstation) with the arguments
 * up to NULL; human: without --json, in Dutch. Returns the exit code; the output in W.out. */
static int run(bool human, const char *prog, const char *user, ...)
{
    const char *args[64];
    int n = 0;
    va_list ap;
    va_start(ap, user);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && n < 63)
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    if (!human)
        return ts_run_cli(&W.ts, prog, user, TS_PASSWORD, args, W.out, sizeof W.out);
    ts_use_language(TS_RUN_DUTCH);
    int rc = ts_run_cli_human(&W.ts, prog, user, TS_PASSWORD, args, W.out, sizeof W.out);
    ts_use_language(TS_RUN_ENGLISH);
    return rc;
}

/* What a person sees of a refusal: the program's standard output and error together (the
 * harness keeps only the output), in Dutch, as `user` without --json. The exit code. */
static int refused_in_dutch(const char *prog, const char *user, const char *const *args)
{
    char file[400], bin[512], server[64];
    snprintf(file, sizeof file, "%s/refusal.txt", W.ts.dir);
    snprintf(bin, sizeof bin, "%s/client/%s", SL_BUILD_DIR, prog);
    snprintf(server, sizeof server, "127.0.0.1:%d", W.ts.port);
    const char *argv[64] = {bin, "--server", server, "--ca", W.ts.ca, "--user", user};
    int n = 7;
    for (int i = 0; args[i] && n < 63; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    ts_use_language(TS_RUN_DUTCH);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0)
            _exit(127);
        dup2(fd, 1);
        dup2(fd, 2);
        setenv("STAGELIJN_PASSWORD", TS_PASSWORD, 1);
        setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    ts_use_language(TS_RUN_ENGLISH);
    int rc = pid > 0 ? ts_wait(pid, 60) : -1;
    W.out[0] = '\0';
    FILE *f = fopen(file, "r");
    if (f) {
        size_t got = fread(W.out, 1, sizeof W.out - 1, f);
        W.out[got] = '\0';
        fclose(f);
    }
    return rc;
}

static void has(const char *what)
{
    if (!strstr(W.out, what))
        fail_msg("'%s' not in:\n%s", what, W.out);
}

static void has_rule(const char *rule)
{
    char pat[96];
    snprintf(pat, sizeof pat, "\"rule_id\":\"%s\"", rule);
    has(pat);
}

static bool student(const char *first, const char *klass, const char *dob, char id[37])
{
    const ts_student_spec s = {
        .first_name = first, .last_name = "Regel", .class_id = klass, .date_of_birth = dob};
    return ts_make_student(W.admin, &s, id, NULL);
}

/* The contract saved and signed on the server's today by every party, then started. */
static void activate(const char *placement)
{
    const int parties[] = {STAGELIJN__V1__SIGNATURE_PARTY__PARTY_SCHOOL,
                           STAGELIJN__V1__SIGNATURE_PARTY__PARTY_COMPANY,
                           STAGELIJN__V1__SIGNATURE_PARTY__PARTY_STUDENT,
                           STAGELIJN__V1__SIGNATURE_PARTY__PARTY_PARENT};
    assert_true(ts_save_contract(W.coach, placement));
    for (int i = 0; i < 4; i++)
        assert_true(ts_sign_contract(W.coach, placement, parties[i], TODAY, SL_OK));
    assert_true(ts_set_placement_status(
        W.coach, placement, STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE, SL_OK, NULL));
}

static int setup(void **state)
{
    (void)state;
    char config[240];
    /* 60 education hours a week (80 %: 48 h), 100 a school year (a year-4 course: 200 h). */
    snprintf(config, sizeof config,
             "clock_offset_seconds = %ld\neducation_hours_per_week = 60\n"
             "education_hours_per_school_year = 100\n",
             ts_clock_offset_for(TODAY));
    if (!ts_start(&W.ts, config))
        return -1;
    W.admin = ts_login(&W.ts, "admin", TS_ADMIN_PASSWORD);
    const ts_company_spec co = {.name = "Regelbedrijf", .recognised = true};
    if (!W.admin || !ts_create_user(W.admin, "coach", 2, NULL, NULL) ||
        !ts_make_class(W.admin, "3R", 3, NULL, W.y3) ||
        !ts_make_class(W.admin, "4R", 4, NULL, W.y4) ||
        !ts_make_class(W.admin, "ER", 6, NULL, W.entree_class) ||
        !ts_make_company(W.admin, &co, W.company) ||
        !ts_create_user(W.admin, "sup", 5, W.company, W.sup_id))
        return -1;
    W.coach = ts_login(&W.ts, "coach", TS_PASSWORD);
    return W.coach ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_client *all[] = {W.admin, W.coach};
    return ts_teardown(&W.ts, all, 2);
}

/* stagelijn placement create by the coach at company (supervised by sup); the new id to id
 * (when made). */
static int create_at(const char *company, const char *sup, const char *student_id, const char *kind,
                     const char *start, const char *end, const char *const *days, char id[37])
{
    const char *args[40] = {"placement", "create",       "--student", student_id, "--company",
                            company,     "--supervisor", sup,         "--kind",   kind,
                            "--start",   start,          "--end",     end};
    size_t n = 14;
    for (size_t i = 0; days[i] && n < 38; i++) {
        args[n++] = "--day";
        args[n++] = days[i];
    }
    args[n] = NULL;
    int rc = ts_run_cli(&W.ts, WS, "coach", TS_PASSWORD, args, W.out, sizeof W.out);
    if (rc == 0 && id && !ts_json_str(W.out, "id", id, 37))
        fail_msg("no id in %s", W.out);
    return rc;
}

/* create_at at the school's usual company. */
static int create(const char *student_id, const char *kind, const char *start, const char *end,
                  const char *const *days, char id[37])
{
    return create_at(W.company, W.sup_id, student_id, kind, start, end, days, id);
}

/* A sector placement of student_id from start to end on `days` is refused for `rule` (the
 * rule's id in the --json reply), and nothing is stored. */
static void assert_refused(const char *student_id, const char *start, const char *end,
                           const char *const *days, const char *rule)
{
    long placements = ts_count_rows(&W.ts, "placements");
    assert_int_equal(create(student_id, "sector", start, end, days, NULL), 1);
    has_rule(rule);
    assert_int_equal(ts_count_rows(&W.ts, "placements"), placements);
}

static const char *const week_40[] = {"mon,09:00,17:30,30", "tue,09:00,17:30,30",
                                      "wed,09:00,17:30,30", "thu,09:00,17:30,30",
                                      "fri,09:00,17:30,30", NULL};

/* Four recorded weeks of 40 h; the first resubmitted on the kiosk at 45 h makes 165 h in the
 * four weeks from it: refused, in Dutch, and the week keeps its 40 h. */
static void test_four_week_average(void **state)
{
    (void)state;
    char s[37], p[37];
    assert_true(student("Vera", W.y4, "2010-03-01", s));
    assert_int_equal(create(s, "sector", "2026-12-07", "2027-02-26", week_40, p), 0);
    activate(p);
    static const char *const mondays[] = {"2026-12-07", "2026-12-14", "2026-12-21", "2026-12-28"};
    for (int w = 0; w < 4; w++) {
        char d[5][32];
        for (int k = 0; k < 5; k++) {
            char date[11];
            ts_date_plus(mondays[w], k, date);
            snprintf(d[k], sizeof d[k], "%s,480,werk", date);
        }
        if (run(false, KIOSK, "sup", "agenda", "submit", "--placement", p, "--week", mondays[w],
                "--day", d[0], "--day", d[1], "--day", d[2], "--day", d[3], "--day", d[4],
                NULL) != 0)
            fail_msg("week of %s at 40 h: %s", mondays[w], W.out);
    }
    const char *heavy[] = {"2026-12-07,540,werk", "2026-12-08,540,werk", "2026-12-09,540,werk",
                           "2026-12-10,540,werk", "2026-12-11,540,werk"};
    assert_int_equal(run(false, KIOSK, "sup", "agenda", "submit", "--placement", p, "--week",
                         mondays[0], "--day", heavy[0], "--day", heavy[1], "--day", heavy[2],
                         "--day", heavy[3], "--day", heavy[4], NULL),
                     1);
    has_rule("LAW_MINOR_AVG_4_WEEKS_16_17");
    const char *again[] = {"agenda", "submit", "--placement", p,        "--week", mondays[0],
                           "--day",  heavy[0], "--day",       heavy[1], "--day",  heavy[2],
                           "--day",  heavy[3], "--day",       heavy[4], NULL};
    assert_int_equal(refused_in_dutch(KIOSK, "sup", again), 1);
    has("gemiddeld over 4 weken hoogstens 40 uur");
    has("165:00");
    assert_int_equal(ts_count_rows(&W.ts, "agenda_days WHERE minutes_worked = 540"), 0);
}

/* A minor's week at the company over 80 % of the school week's 60 education hours. */
static void test_wvo32_week(void **state)
{
    (void)state;
    char s[37];
    assert_true(student("Wim", W.y4, "2010-03-01", s));
    /* One week of 9 h a day with 45 minutes of break: within the working-time law (45 h, and
     * no 4-week average over one week), but 48:45 at the company. */
    const char *days[] = {"mon,08:00,17:45,45", "tue,08:00,17:45,45", "wed,08:00,17:45,45",
                          "thu,08:00,17:45,45", "fri,08:00,17:45,45", NULL};
    long placements = ts_count_rows(&W.ts, "placements");
    assert_refused(s, "2027-02-01", "2027-02-05", days, "LAW_WVO32_WEEK_80");
    const char *args[] = {
        "placement", "create", "--student", s,         "--company",  W.company, "--supervisor",
        W.sup_id,    "--kind", "sector",    "--start", "2027-02-01", "--end",   "2027-02-05",
        "--day",     days[0],  "--day",     days[1],   "--day",      days[2],   "--day",
        days[3],     "--day",  days[4],     NULL};
    assert_int_equal(refused_in_dutch(WS, "coach", args), 1);
    has("hoogstens 80% van de onderwijsuren van de week");
    assert_int_equal(ts_count_rows(&W.ts, "placements"), placements);
}

/* WVO art. 32 over the course: 216 planned hours of a year-4 student against 200 allowed is a
 * warning while the student is at school, the law once he has left. */
static void test_wvo32_course(void **state)
{
    (void)state;
    char s[37];
    assert_true(student("Cor", W.y4, "2010-03-01", s));
    const char *days[] = {"mon,09:00,13:00,0", "tue,09:00,13:00,0", "wed,09:00,13:00,0", NULL};
    assert_int_equal(create(s, "sector", "2026-09-07", "2027-01-08", days, NULL), 0);
    has_rule("WVO32_COURSE_50_AT_RISK");
    assert_int_equal(run(false, WS, "coach", "course", "hours", "--student", s, NULL), 0);
    has_rule("WVO32_COURSE_50_AT_RISK");
    assert_null(strstr(W.out, "\"rule_id\":\"LAW_WVO32_COURSE_50\""));
    assert_int_equal(run(false, WS, "coach", "exit", "record", "--student", s, "--left",
                         "2027-01-12", "--profile", "work", NULL),
                     0);
    assert_int_equal(run(false, WS, "coach", "course", "hours", "--student", s, NULL), 0);
    has_rule("LAW_WVO32_COURSE_50");
    assert_null(strstr(W.out, "WVO32_COURSE_50_AT_RISK"));
    assert_int_equal(run(true, WS, "coach", "course", "hours", "--student", s, NULL), 0);
    has("Over de hele opleiding mogen de stage-uren hoogstens 50%");
}

/* Entree: two days a week (the norm is three), and far too few hours recorded for 21 h a
 * week or for 650 h by 15 May. */
static void test_entree_norms(void **state)
{
    (void)state;
    char s[37], p[37];
    assert_true(student("Esra", W.entree_class, "2009-03-01", s));
    const char *days[] = {"mon,09:00,15:00,30", "tue,09:00,15:00,30", NULL};
    assert_int_equal(create(s, "entree", "2026-11-02", "2027-06-25", days, p), 0);
    has_rule("SCHOOL_ENTREE_DAYS_PER_WEEK");
    /* No earlier internship passed: a warning, not a refusal. */
    has_rule("ENTREE_PRIOR_INTERNSHIPS");
    activate(p);
    if (run(false, KIOSK, "sup", "agenda", "submit", "--placement", p, "--week", "2027-01-04",
            "--day", "2027-01-04,330,kassa", "--day", "2027-01-05,330,kassa", NULL) != 0)
        fail_msg("agenda: %s", W.out);
    assert_int_equal(run(false, WS, "coach", "entree", "progress", "--student", s, NULL), 0);
    has_rule("SCHOOL_ENTREE_WEEK_HOURS");
    has_rule("SCHOOL_ENTREE_BEHIND_650");
    /* Not yet admitted to the practical exam: no internship passed, 650 h not done. */
    has_rule("ENTREE_EXAM_INTERNSHIP_NOT_PASSED");
    has_rule("ENTREE_EXAM_HOURS_650");
    assert_int_equal(run(true, WS, "coach", "entree", "progress", "--student", s, NULL), 0);
    /* The table shows the start of each rule's Dutch wording. */
    has("Een Entree-leerling heeft minstens 21");
    has("Met 21 uur per week haalt de Entree-leer");
    /* The Entree progress of a student who is not in Entree. */
    char y4[37];
    assert_true(student("Nora", W.y4, "2010-03-01", y4));
    assert_int_equal(run(false, WS, "coach", "entree", "progress", "--student", y4, NULL), 1);
    has_rule("ENTREE_NOT_ENTREE");
}

/* Year 3's first internship days are 5 hours, breaks included: 6 hours warns. */
static void test_year3_hours_a_day(void **state)
{
    (void)state;
    char s[37];
    assert_true(student("Joep", W.y3, "2012-03-01", s));
    const char *days[] = {"mon,09:00,15:00,30", "tue,09:00,15:00,30", NULL};
    assert_int_equal(create(s, "individual1", "2027-02-01", "2027-03-26", days, NULL), 0);
    has_rule("SCHOOL_Y3_HOURS_PER_DAY");
}

/* Vera's placement started on 7 December and was never visited: due 28 December, overdue in
 * the coach's visit plan, named as the rule. */
static void test_visit_overdue(void **state)
{
    (void)state;
    assert_int_equal(run(false, WS, "coach", "visit", "plan", NULL), 0);
    has_rule("SCHOOL_VISIT_OVERDUE");
    has("due 2026-12-28, 16 days overdue");
    assert_int_equal(run(true, WS, "coach", "visit", "plan", NULL), 0);
    has("Vera Regel");
    has("2026-12-28  ja");
}

/* More than 400 work days in one check: a placement of five days a week for two years. */
static void test_too_many_days(void **state)
{
    (void)state;
    char s[37];
    assert_true(student("Lang", W.y4, "2009-03-01", s));
    const char *days[] = {"mon,09:00,13:00,0", "tue,09:00,13:00,0", "wed,09:00,13:00,0",
                          "thu,09:00,13:00,0", "fri,09:00,13:00,0", NULL};
    assert_refused(s, "2027-02-01", "2029-01-26", days, "INPUT_TOO_MANY_DAYS");
}

/* The pure module's input guards (INPUT_*) behind the requests: a date before the student's
 * birth reaches INPUT_INVALID_DATE; what else a client can send of the same input is refused
 * before the rules see it (an end before the start, a weekday twice, a date twice in a week,
 * minutes out of range), and nothing is stored. On the way: the agenda of a placement whose
 * contract is not signed (STATE_PLACEMENT_NOT_SIGNED). */
static void test_input_guards(void **state)
{
    (void)state;
    char s[37], p[37];
    assert_true(student("Ida", W.y4, "2010-03-01", s));
    const char *ok[] = {"mon,09:00,13:00,0", NULL};
    assert_int_equal(create(s, "sector", "2027-01-04", "2027-03-26", ok, p), 0);
    long placements = ts_count_rows(&W.ts, "placements");
    assert_refused(s, "2009-02-02", "2009-03-26", ok, "INPUT_INVALID_DATE");
    has("2009-02-02 is before the date of birth");
    const char *backwards[] = {"mon,14:00,09:00,0", NULL};
    assert_int_equal(create(s, "sector", "2027-02-01", "2027-03-26", backwards, NULL), 1);
    has("\"message_code\":\"schedule_end_after_start\"");
    const char *twice[] = {"mon,09:00,13:00,0", "mon,14:00,16:00,0", NULL};
    assert_int_equal(create(s, "sector", "2027-02-01", "2027-03-26", twice, NULL), 1);
    has("\"message_code\":\"schedule_weekday\"");
    assert_int_equal(create(s, "sector", "2027-03-26", "2027-02-01", ok, NULL), 1);
    has("\"message_code\":\"end_before_start\"");
    assert_int_equal(ts_count_rows(&W.ts, "placements"), placements);

    assert_int_equal(run(false, KIOSK, "sup", "agenda", "submit", "--placement", p, "--week",
                         "2027-01-04", "--day", "2027-01-04,240,a", NULL),
                     1);
    has_rule("STATE_PLACEMENT_NOT_SIGNED");
    activate(p);
    long days = ts_count_rows(&W.ts, "agenda_days");
    assert_int_equal(run(false, KIOSK, "sup", "agenda", "submit", "--placement", p, "--week",
                         "2027-01-04", "--day", "2027-01-04,240,a", "--day", "2027-01-04,120,b",
                         NULL),
                     1);
    has("\"code\":\"invalid_argument\"");
    assert_int_equal(run(false, KIOSK, "sup", "agenda", "submit", "--placement", p, "--week",
                         "2027-01-04", "--day", "2027-01-04,-5,a", NULL),
                     2);
    assert_int_equal(run(false, KIOSK, "sup", "agenda", "submit", "--placement", p, "--week",
                         "2027-01-04", "--day", "2027-01-04,1500,a", NULL),
                     2);
    assert_int_equal(ts_count_rows(&W.ts, "agenda_days"), days);
}

/* The contract saved and signed by school, company and student; the parent's signature, the
 * last, given through `stagelijn contract sign`: its exit code, the reply in W.out. */
static int last_signature_by_client(const char *placement)
{
    const int parties[] = {STAGELIJN__V1__SIGNATURE_PARTY__PARTY_SCHOOL,
                           STAGELIJN__V1__SIGNATURE_PARTY__PARTY_COMPANY,
                           STAGELIJN__V1__SIGNATURE_PARTY__PARTY_STUDENT};
    assert_true(ts_save_contract(W.coach, placement));
    for (int i = 0; i < 3; i++)
        assert_true(ts_sign_contract(W.coach, placement, parties[i], TODAY, SL_OK));
    return run(false, WS, "coach", "contract", "sign", "--placement", placement, "--party",
               "parent", "--name", "J. Ouder", "--date", TODAY, NULL);
}

/* A company's places and supervision capacity and a student's days are checked where they
 * are consumed, the last signature (`stagelijn contract sign`); a second start is refused by
 * `stagelijn placement activate`, an end assessment before the end by the kiosk. */
static void test_capacity_and_lifecycle(void **state)
{
    (void)state;
    char one[37], one_sup[37], thin[37], thin_sup[37], canteen[37], canteen_sup[37];
    const ts_company_spec c1 = {.name = "Een Plek", .places = 1, .supervision_capacity = 5},
                          c2 = {.name = "Dunne Begeleiding",
                                .places = 5,
                                .supervision_capacity = 1},
                          c3 = {.name = "Schoolkantine Regel", .internal = true};
    assert_true(ts_make_company(W.admin, &c1, one) &&
                ts_create_user(W.admin, "sup-one", 5, one, one_sup));
    assert_true(ts_make_company(W.admin, &c2, thin) &&
                ts_create_user(W.admin, "sup-thin", 5, thin, thin_sup));
    assert_true(ts_make_company(W.admin, &c3, canteen) &&
                ts_create_user(W.admin, "sup-kantine", 5, canteen, canteen_sup));
    const char *days[] = {"mon,09:00,13:00,0", "tue,09:00,13:00,0", "wed,09:00,13:00,0", NULL};
    static const struct {
        const char *name;
        const char *rule;
    } cases[] = {{"Plek", "CAP_COMPANY_PLACES"}, {"Toezicht", "CAP_COMPANY_SUPERVISION"}};
    for (int k = 0; k < 2; k++) {
        const char *company = k == 0 ? one : thin, *sup = k == 0 ? one_sup : thin_sup;
        char a[37], b[37], pa[37], pb[37], first[16], second[16];
        snprintf(first, sizeof first, "%sA", cases[k].name);
        snprintf(second, sizeof second, "%sB", cases[k].name);
        assert_true(student(first, W.y4, "2010-03-01", a));
        assert_true(student(second, W.y4, "2010-03-01", b));
        assert_int_equal(create_at(company, sup, a, "sector", "2027-01-11", "2027-04-30", days, pa),
                         0);
        assert_int_equal(create_at(company, sup, b, "sector", "2027-01-11", "2027-04-30", days, pb),
                         0);
        if (last_signature_by_client(pa) != 0)
            fail_msg("the first placement's last signature: %s", W.out);
        assert_int_equal(last_signature_by_client(pb), 1);
        has_rule(cases[k].rule);
        if (k == 0) {
            assert_int_equal(run(false, WS, "coach", "placement", "activate", "--id", pa, NULL), 0);
            assert_int_equal(run(false, WS, "coach", "placement", "activate", "--id", pa, NULL), 1);
            has_rule("STATE_PLACEMENT_ACTIVE_ALREADY");
            assert_int_equal(run(false, KIOSK, "sup-one", "assessment", "submit", "--placement", pa,
                                 "--kind", "end", "--persoonlijk", "3", "--arbeid", "3",
                                 "--sociaal", "3", "--onderzoek", "3", "--leren", "3", "--verdict",
                                 "positive", NULL),
                             1);
            has_rule("STATE_END_ASSESSMENT_TOO_EARLY");
            /* Signed with no introductory meeting on record: the school's norm warns. */
            assert_int_equal(run(false, WS, "coach", "placement", "show", "--id", pa, NULL), 0);
            has_rule("SCHOOL_INTRO_MEETING");
            /* Ended by a dropout: it does not start again. */
            assert_int_equal(run(false, WS, "coach", "dropout", "report", "--placement", pa,
                                 "--date", TODAY, "--reason", "Gestopt", NULL),
                             0);
            assert_int_equal(run(false, WS, "coach", "placement", "activate", "--id", pa, NULL), 1);
            has_rule("STATE_PLACEMENT_ENDED");
        }
    }
    /* Two internal internships of one year-2 student on the same Wednesday. */
    char y2[37], s[37], p1[37], p2[37];
    assert_true(ts_make_class(W.admin, "2R", 2, NULL, y2));
    assert_true(student("Kantine", y2, "2013-03-01", s));
    const char *wed[] = {"wed,09:50,14:00,30", NULL};
    assert_int_equal(
        create_at(canteen, canteen_sup, s, "internal", "2027-01-18", "2027-03-26", wed, p1), 0);
    assert_int_equal(
        create_at(canteen, canteen_sup, s, "internal", "2027-01-18", "2027-03-26", wed, p2), 0);
    if (last_signature_by_client(p1) != 0)
        fail_msg("the first internal internship's last signature: %s", W.out);
    assert_int_equal(run(false, WS, "coach", "placement", "activate", "--id", p1, NULL), 0);
    assert_int_equal(last_signature_by_client(p2), 1);
    has_rule("CAP_STUDENT_DOUBLE_BOOKED");
    /* A company visit of year 2 with one place: the second student is refused. */
    char visit[37], s2[37];
    assert_true(student("Bezoek", y2, "2013-03-01", s2));
    assert_int_equal(run(false, WS, "coach", "company-visit", "create", "--company", one, "--date",
                         "2027-02-10", "--capacity", "1", NULL),
                     0);
    assert_true(ts_json_str(W.out, "id", visit, sizeof visit));
    assert_int_equal(
        run(false, WS, "coach", "company-visit", "signup", "--visit", visit, "--student", s, NULL),
        0);
    assert_int_equal(
        run(false, WS, "coach", "company-visit", "signup", "--visit", visit, "--student", s2, NULL),
        1);
    has_rule("CAP_COMPANY_VISIT_FULL");

    /* Entree only at a recognised company; another kind outside its year is a warning. */
    char e[37], y4[37];
    assert_true(student("Erkend", W.entree_class, "2009-03-01", e));
    char plain[37], plain_sup[37];
    const ts_company_spec c4 = {.name = "Zonder Erkenning"};
    assert_true(ts_make_company(W.admin, &c4, plain) &&
                ts_create_user(W.admin, "sup-plain", 5, plain, plain_sup));
    assert_int_equal(
        create_at(plain, plain_sup, e, "entree", "2027-02-01", "2027-06-25", days, NULL), 1);
    has_rule("ENTREE_RECOGNISED_COMPANY");
    assert_true(student("Fase", W.y4, "2010-03-01", y4));
    const char *two[] = {"mon,09:00,14:00,30", "tue,09:00,14:00,30", NULL};
    assert_int_equal(create(y4, "individual1", "2027-02-01", "2027-03-26", two, NULL), 0);
    has_rule("SCHOOL_PHASE_KIND");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_four_week_average),      cmocka_unit_test(test_wvo32_week),
        cmocka_unit_test(test_wvo32_course),           cmocka_unit_test(test_entree_norms),
        cmocka_unit_test(test_year3_hours_a_day),      cmocka_unit_test(test_visit_overdue),
        cmocka_unit_test(test_too_many_days),          cmocka_unit_test(test_input_guards),
        cmocka_unit_test(test_capacity_and_lifecycle),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
