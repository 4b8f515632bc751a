/* Demo data: fills a fresh stagelijnd with a realistic, entirely fictional school through the
 * ordinary protocol, as the people who would enter it: the admin builds the school, coaches
 * place students and sign contracts, supervisors fill in agendas and assess. Everything goes
 * through the server's rules, so the demo also shows what the rules accept. */
#include "demo.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "output.h"
#include "termtext.h"

#define N_CLASSES 8
#define STUDENTS_PER_CLASS 15
#define N_COMPANIES 40
#define MAX_STUDENTS (N_CLASSES * STUDENTS_PER_CLASS + 16)

typedef struct {
    char id[40];
    char username[40];
} ref;

typedef struct {
    char id[40];
    int year;
    int class_index;
    char dob[11];
    char username[40];
    const char *name_prefix; /* the tussenvoegsel, static text */
    bool nt2, support;
    int sector; /* definitive or first provisional */
    int second_sector;
    double lat, lon;
} demo_student;

typedef struct {
    char id[40];
    char supervisor_id[40];
    char supervisor_user[40];
    int sector;
    bool recognised;
    double lat, lon;
    int places; /* the server refuses a placement beyond them (CAP_COMPANY_PLACES) */
    int used;   /* placements made here, all counted as holding a place */
} demo_company;

typedef struct {
    cli_ctx *ctx;
    const char *password;
    uint64_t rng;
    sl_client *admin;
    ref coaches[4], support[2], mentors[N_CLASSES];
    char class_ids[N_CLASSES + 1][40];
    demo_company companies[N_COMPANIES];
    demo_company canteen;
    demo_student students[MAX_STUDENTS];
    int n_students;
    int calls, refused;
    /* Requests that never got an answer because the connection was lost; after the first,
     * nothing more is sent (the server is gone). */
    int lost, skipped;
    char today[11];
} demo;

static const struct {
    const char *name;
    int year;
} class_plan[N_CLASSES + 1] = {
    {"2A", 2}, {"2B", 2}, {"3A", 3},
    {"3B", 3}, {"4A", 4}, {"4B", 4},
    {"5A", 5}, {"E1", 6}, {"Uitstroom 2025", 5},
};

static const char *const first_names[] = {
    "Sem",   "Noah", "Liam",   "Lucas", "Daan", "Finn",    "Levi",    "Luuk",   "Milan",
    "Jesse", "Bram", "Thijs",  "Mees",  "Ravi", "Youssef", "Mohamed", "Emma",   "Julia",
    "Mila",  "Tess", "Sophie", "Zoë",   "Sara", "Nora",    "Evi",     "Lotte",  "Fenna",
    "Amira", "Yara", "Noor",   "Ilse",  "Jade", "Kiki",    "Lina",    "Fatima", "Dewi",
};
/* Tussenvoegsel and surname apart, as school records keep them. */
static const struct {
    const char *prefix, *surname;
} last_names[] = {
    {"de", "Jong"},  {"", "Jansen"},   {"de", "Vries"},    {"van den", "Berg"}, {"van", "Dijk"},
    {"", "Bakker"},  {"", "Janssen"},  {"", "Visser"},     {"", "Smit"},        {"", "Meijer"},
    {"de", "Boer"},  {"", "Mulder"},   {"de", "Groot"},    {"", "Bos"},         {"", "Vos"},
    {"", "Peters"},  {"", "Hendriks"}, {"van", "Leeuwen"}, {"", "Dekker"},      {"", "Brouwer"},
    {"de", "Wit"},   {"", "Dijkstra"}, {"", "Smits"},      {"de", "Graaf"},     {"van der", "Meer"},
    {"", "Kok"},     {"", "Jacobs"},   {"de", "Haan"},     {"", "Yilmaz"},      {"", "El Amrani"},
    {"", "Özdemir"}, {"", "Haddou"},   {"van 't", "Hof"},  {"", "Çelik"},
};

/* Four fictional companies per Noa sector (1..10). */
static const char *const company_names[N_COMPANIES] = {
    "Thuiszorg De Linde",         "Zorgboerderij Het Erf",     "Woonzorg Zonnehof",
    "Wasserij Schoon & Fris",     "Schoonmaakbedrijf Glans",   "Glazenwasserij Helder",
    "Facilitair Bureau Net",      "Schoonmaakdienst Vonk",     "Eetcafé De Gouden Leeuw",
    "Supermarkt Dagvers",         "Lunchroom Het Pleintje",    "Bouwmarkt Klusplein",
    "Hoveniersbedrijf Groenrijk", "Kwekerij De Tuinen",        "Stadsboerderij Oost",
    "Groenonderhoud Stadspark",   "Distributiecentrum Noord",  "Magazijn Snelpost",
    "Verhuisbedrijf Draagkracht", "Koeriersdienst Fietsvlug",  "Fietsenmaker Trapper",
    "Autobedrijf Garage Zuid",    "Onderhoudsdienst Woonstad", "Installatiebedrijf Warmte",
    "Metaalbewerking Smid",       "Houtbewerking De Krul",     "Productiehal Assembla",
    "Drukkerij Inktvis",          "Bakkerij Van Dijk",         "Slagerij De Os",
    "Cateraar Smaakvol",          "Kaasmakerij Het Wiel",      "Aannemersbedrijf Fundament",
    "Stratenmakers Kei",          "Schildersbedrijf Kwast",    "Timmerbedrijf Vakwerk",
    "Beveiliging Waakzaam",       "Parkeerbeheer Stad",        "Evenementenbeveiliging Oog",
    "Toezicht Winkelcentrum",
};

static const char *const streets[] = {"Kerkstraat", "Dorpsweg",      "Industrieweg", "Havenkade",
                                      "Molenlaan",  "Stationsplein", "Marktstraat",  "Veldweg"};

/* xorshift64*: reproducible across runs and machines for the same seed. */
static uint32_t rnd(demo *d, uint32_t n)
{
    d->rng ^= d->rng >> 12;
    d->rng ^= d->rng << 25;
    d->rng ^= d->rng >> 27;
    return (uint32_t)((d->rng * 2685821657736338717ULL) >> 33) % (n ? n : 1);
}

static double rnd_offset(demo *d, double span)
{
    return ((double)rnd(d, 20001) / 10000.0 - 1.0) * span;
}

static void date_plus(const char *ymd, int days, char out[11])
{
    struct tm tm = {0};
    sscanf(ymd, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_mday += days;
    tm.tm_hour = 12;
    mktime(&tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The Monday on or before a date. */
static void monday_of(const char *ymd, char out[11])
{
    struct tm tm = {0};
    sscanf(ymd, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_hour = 12;
    mktime(&tm);
    date_plus(ymd, -((tm.tm_wday + 6) % 7), out);
}

/* Counts a failed request as refused by the server or lost with the connection, and says
 * so on stderr (escaped: the message comes from the server). */
static void count_failure(demo *d, sl_status st, const char *what, const char *err)
{
    if (cli_exit_code(st) == EXIT_CONNECTION)
        d->lost++;
    else
        d->refused++;
    fprintf(stderr, "demo: %s: %s: ", what, sl_status_name(st));
    termtext_fputs(err, stderr);
    fputc('\n', stderr);
}

/* Sends one request. A refusal is reported and counted, never fatal: the demo shows what
 * the server accepts. A lost connection is counted apart and stops all further requests.
 * Returns the reply (caller frees) or NULL. */
static sl_envelope *call(demo *d, sl_client *c, sl_envelope *req, const char *what)
{
    sl_envelope *rep = NULL;
    char err[512];
    if (d->lost || !c) {
        d->skipped++;
        return NULL;
    }
    d->calls++;
    sl_status st = sl_client_call(c, req, &rep, err, sizeof err);
    if (st != SL_OK) {
        count_failure(d, st, what, err);
        if (rep && rep->body_case == STAGELIJN__V1__ENVELOPE__BODY_ERROR)
            for (size_t i = 0; i < rep->error->n_violations; i++) {
                fputs("  - ", stderr);
                termtext_fputs(rep->error->violations[i]->rule_id, stderr);
                fputc('\n', stderr);
            }
        sl_envelope_free(rep);
        return NULL;
    }
    return rep;
}

static bool call_ok(demo *d, sl_client *c, sl_envelope *req, const char *what)
{
    sl_envelope *rep = call(d, c, req, what);
    sl_envelope_free(rep);
    return rep != NULL;
}

/* Connects and logs in as username with password; NULL (counted and reported) on failure.
 * *must_change tells whether the password is a one-time password (may be NULL). */
static sl_client *login_with(demo *d, const char *username, const char *password, bool *must_change)
{
    cli_ctx *ctx = d->ctx;
    sl_client_opts o = {.host = ctx->host,
                        .port = ctx->port,
                        .ca_file = ctx->ca,
                        .timeout_ms = ctx->timeout_ms,
                        .kind = STAGELIJN__V1__CLIENT_KIND__CLIENT_ADMIN};
    sl_client *c = NULL;
    char err[512], what[80];
    if (d->lost) {
        d->skipped++;
        return NULL;
    }
    snprintf(what, sizeof what, "log in as %s", username);
    sl_status st = sl_client_connect(&o, &c, err, sizeof err);
    if (st == SL_OK)
        st = sl_client_login(c, username, password, must_change, err, sizeof err);
    if (st != SL_OK) {
        count_failure(d, st, what, err);
        sl_client_close(c);
        return NULL;
    }
    return c;
}

static sl_client *login(demo *d, const char *username)
{
    return login_with(d, username, d->password, NULL);
}

/* A student login is made with a one-time password; the demo promises the demo password for
 * every account, so the student changes it at once, as on a first login. */
static void student_password(demo *d, const char *username, const char *one_time)
{
    bool must_change = false;
    sl_client *c = login_with(d, username, one_time, &must_change);
    if (!c)
        return;
    Stagelijn__V1__ChangePasswordRequest cp = STAGELIJN__V1__CHANGE_PASSWORD_REQUEST__INIT;
    cp.old_password = (char *)one_time;
    cp.new_password = (char *)d->password;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CHANGE_PASSWORD;
    req.change_password = &cp;
    call_ok(d, c, &req, "student password");
    sl_client_close(c);
}

static bool create_user(demo *d, const char *username, const char *name, int role,
                        const char *company, char *id_out)
{
    Stagelijn__V1__CreateUserRequest cu = STAGELIJN__V1__CREATE_USER_REQUEST__INIT;
    cu.username = (char *)username;
    cu.display_name = (char *)name;
    cu.role = (Stagelijn__V1__Role)role;
    cu.company_id = (char *)(company ? company : "");
    cu.password = (char *)d->password;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_USER;
    req.create_user = &cu;
    sl_envelope *rep = call(d, d->admin, &req, "user create");
    if (!rep)
        return false;
    if (id_out)
        snprintf(id_out, 40, "%s", rep->create_user_reply->user->id);
    sl_envelope_free(rep);
    return true;
}

/* subs (issue 9): a subscriber account receives only the topics granted to it; the link with
 * the student tracking system hears of placements, absences, dropouts and exits. */
static void grant_topics(demo *d, const char *username)
{
    static const char *const topics[] = {"placement", "placement_status", "absence", "dropout",
                                         "exit"};
    Stagelijn__V1__GrantTopicsRequest g = STAGELIJN__V1__GRANT_TOPICS_REQUEST__INIT;
    g.username = (char *)username;
    g.grant = (char **)topics;
    g.n_grant = sizeof topics / sizeof topics[0];
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_GRANT_TOPICS;
    req.grant_topics = &g;
    sl_envelope_free(call(d, d->admin, &req, "subscriber topics"));
}

static void school_year(demo *d)
{
    static const Stagelijn__V1__Holiday proto_h = STAGELIJN__V1__HOLIDAY__INIT;
    Stagelijn__V1__Holiday h[4] = {proto_h, proto_h, proto_h, proto_h};
    static const char *const hol[4][3] = {
        {"Herfstvakantie", "2026-10-17", "2026-10-25"},
        {"Kerstvakantie", "2026-12-19", "2027-01-03"},
        {"Voorjaarsvakantie", "2027-02-20", "2027-02-28"},
        {"Meivakantie", "2027-04-24", "2027-05-09"},
    };
    Stagelijn__V1__Holiday *hp[4];
    for (int i = 0; i < 4; i++) {
        h[i].name = (char *)hol[i][0];
        h[i].start_date = (char *)hol[i][1];
        h[i].end_date = (char *)hol[i][2];
        hp[i] = &h[i];
    }
    Stagelijn__V1__SchoolYear y = STAGELIJN__V1__SCHOOL_YEAR__INIT;
    y.name = "2026-2027";
    y.start_date = "2026-08-24";
    y.end_date = "2027-07-16";
    y.n_holidays = 4;
    y.holidays = hp;
    Stagelijn__V1__SaveSchoolYearRequest s = STAGELIJN__V1__SAVE_SCHOOL_YEAR_REQUEST__INIT;
    s.school_year = &y;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_SCHOOL_YEAR;
    req.save_school_year = &s;
    call_ok(d, d->admin, &req, "school year");
}

static void staff_and_classes(demo *d)
{
    static const char *const coach_names[4][2] = {{"c.devries", "Marieke de Vries"},
                                                  {"c.bakker", "Hans Bakker"},
                                                  {"c.jansen", "Fatima Jansen"},
                                                  {"c.visser", "Peter Visser"}};
    for (int i = 0; i < 4; i++) {
        snprintf(d->coaches[i].username, 40, "%s", coach_names[i][0]);
        create_user(d, coach_names[i][0], coach_names[i][1], 2, NULL, d->coaches[i].id);
    }
    static const char *const support_names[2][2] = {{"o.smit", "Ingrid Smit"},
                                                    {"o.meijer", "Karim Meijer"}};
    for (int i = 0; i < 2; i++) {
        snprintf(d->support[i].username, 40, "%s", support_names[i][0]);
        create_user(d, support_names[i][0], support_names[i][1], 3, NULL, d->support[i].id);
    }
    if (create_user(d, "automatisering", "Koppeling leerlingvolgsysteem", 7, NULL, NULL))
        grant_topics(d, "automatisering");
    for (int i = 0; i <= N_CLASSES; i++) {
        char uname[40], name[80];
        int m = i < N_CLASSES ? i : N_CLASSES - 1;
        if (i < N_CLASSES) {
            snprintf(uname, sizeof uname, "m.%s", class_plan[i].name);
            for (char *p = uname; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p - 'A' + 'a');
            snprintf(name, sizeof name, "Mentor %s", class_plan[i].name);
            snprintf(d->mentors[i].username, 40, "%s", uname);
            create_user(d, uname, name, 4, NULL, d->mentors[i].id);
        }
        Stagelijn__V1__CreateClassRequest cc = STAGELIJN__V1__CREATE_CLASS_REQUEST__INIT;
        cc.name = (char *)class_plan[i].name;
        cc.school_year = (uint32_t)class_plan[i].year;
        cc.mentor_id = d->mentors[m].id;
        sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_CLASS;
        req.create_class = &cc;
        sl_envelope *rep = call(d, d->admin, &req, "class create");
        if (rep) {
            snprintf(d->class_ids[i], 40, "%s", rep->school_class->id);
            sl_envelope_free(rep);
        }
    }
}

static bool create_company(demo *d, const char *name, int sector, bool internal, demo_company *c,
                           const char *supervisor_user)
{
    Stagelijn__V1__Company co = STAGELIJN__V1__COMPANY__INIT;
    char address[80], reg[24];
    uint32_t sectors[1] = {(uint32_t)sector};
    co.name = (char *)name;
    snprintf(address, sizeof address, "%s %u", streets[rnd(d, 8)], 1 + rnd(d, 120));
    co.address = address;
    co.city = "Utrecht";
    c->lat = 52.0907 + rnd_offset(d, 0.06);
    c->lon = 5.1214 + rnd_offset(d, 0.09);
    co.latitude = c->lat;
    co.longitude = c->lon;
    co.n_sectors = sector ? 1 : 0;
    co.sectors = sectors;
    c->recognised = internal ? false : rnd(d, 3) != 0;
    co.recognised = c->recognised;
    snprintf(reg, sizeof reg, "%u", 100000 + rnd(d, 899999));
    co.registration_number = c->recognised ? reg : "";
    /* The canteen takes a whole year group in its weeks of internal internships. */
    co.places = internal ? 40 : 2 + rnd(d, 3);
    co.supervision_capacity = co.places;
    c->places = (int)co.places;
    c->used = 0;
    co.internal = internal;
    c->sector = sector;
    Stagelijn__V1__CreateCompanyRequest cc = STAGELIJN__V1__CREATE_COMPANY_REQUEST__INIT;
    cc.company = &co;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_COMPANY;
    req.create_company = &cc;
    sl_envelope *rep = call(d, d->admin, &req, "company create");
    if (!rep)
        return false;
    snprintf(c->id, 40, "%s", rep->company->id);
    sl_envelope_free(rep);
    char sname[80];
    snprintf(sname, sizeof sname, "Praktijkbegeleider %s", name);
    snprintf(c->supervisor_user, 40, "%s", supervisor_user);
    return create_user(d, supervisor_user, sname, 5, c->id, c->supervisor_id);
}

static void companies(demo *d)
{
    for (int i = 0; i < N_COMPANIES; i++) {
        char uname[40];
        snprintf(uname, sizeof uname, "pb.%02d", i + 1);
        create_company(d, company_names[i], i / 4 + 1, false, &d->companies[i], uname);
    }
    create_company(d, "Schoolkantine (interne stage)", 3, true, &d->canteen, "kantine");
}

static void students(demo *d)
{
    int k = 0;
    for (int c = 0; c <= N_CLASSES; c++) {
        int n = c < N_CLASSES ? STUDENTS_PER_CLASS : 8;
        for (int i = 0; i < n && k < MAX_STUDENTS; i++, k++) {
            demo_student *s = &d->students[k];
            s->class_index = c;
            s->year = class_plan[c].year;
            /* Age fits the year: on 1 September 2026 a year-2 student is 13 (or 14), year 3
             * is 14, year 4 is 15, year 5 is 16, Entree 17; leavers are a year older. */
            int age =
                (s->year == 6 ? 17 : s->year + 11) + (int)rnd(d, 2) + (c == N_CLASSES ? 1 : 0);
            char birthday[11];
            if (snprintf(birthday, sizeof birthday, "%04d-09-01", (2026 - age) % 10000) >=
                (int)sizeof birthday)
                birthday[0] = '\0';
            date_plus(birthday, -1 - (int)rnd(d, 364), s->dob);
            s->nt2 = rnd(d, 10) == 0 && s->year <= 3;
            s->support = rnd(d, 6) == 0;
            s->sector = 1 + (int)rnd(d, 10);
            s->second_sector = 1 + (s->sector + (int)rnd(d, 8)) % 10;
            s->lat = 52.0907 + rnd_offset(d, 0.05);
            s->lon = 5.1214 + rnd_offset(d, 0.07);
            Stagelijn__V1__Student st = STAGELIJN__V1__STUDENT__INIT;
            st.first_name = (char *)first_names[rnd(d, sizeof first_names / sizeof *first_names)];
            size_t ln = rnd(d, sizeof last_names / sizeof *last_names);
            s->name_prefix = last_names[ln].prefix;
            st.name_prefix = (char *)last_names[ln].prefix;
            st.last_name = (char *)last_names[ln].surname;
            st.class_id = d->class_ids[c];
            st.date_of_birth = s->dob;
            st.nt2 = s->nt2;
            st.support_need = s->support;
            Stagelijn__V1__CreateStudentRequest cs = STAGELIJN__V1__CREATE_STUDENT_REQUEST__INIT;
            cs.student = &st;
            if (s->year >= 4 && c < N_CLASSES) {
                snprintf(s->username, sizeof s->username, "ll.%03d", k + 1);
                cs.username = s->username;
            }
            sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
            req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_STUDENT;
            req.create_student = &cs;
            sl_envelope *rep = call(d, d->admin, &req, "student create");
            if (!rep)
                continue;
            snprintf(s->id, sizeof s->id, "%s", rep->create_student_reply->student->id);
            if (cs.username[0])
                student_password(d, s->username, rep->create_student_reply->one_time_password);
            sl_envelope_free(rep);
        }
    }
    d->n_students = k;
}

/* Home location, sectors and support coach, as the coach fills them in. */
static void profiles(demo *d, sl_client *coach)
{
    for (int i = 0; i < d->n_students; i++) {
        demo_student *s = &d->students[i];
        if (!s->id[0])
            continue;
        char address[80];
        snprintf(address, sizeof address, "%s %u, Utrecht", streets[rnd(d, 8)], 1 + rnd(d, 200));
        Stagelijn__V1__StudentProfile p = STAGELIJN__V1__STUDENT_PROFILE__INIT;
        p.student_id = s->id;
        p.address = address;
        p.home_latitude = s->lat;
        p.home_longitude = s->lon;
        p.school_year = (uint32_t)s->year;
        p.class_id = d->class_ids[s->class_index];
        p.nt2 = s->nt2;
        p.support_need = s->support;
        p.name_prefix = (char *)s->name_prefix; /* the whole profile is sent back */
        p.support_coach_id = s->support ? d->support[i % 2].id : "";
        p.provisional_sector_1 = (uint32_t)s->sector;
        p.provisional_sector_2 = (uint32_t)s->second_sector;
        p.definitive_sector = s->year >= 4 ? (uint32_t)s->sector : 0;
        Stagelijn__V1__UpdateStudentRequest u = STAGELIJN__V1__UPDATE_STUDENT_REQUEST__INIT;
        u.profile = &p;
        sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_UPDATE_STUDENT;
        req.update_student = &u;
        call_ok(d, coach, &req, "student update");
    }
}

static demo_company *company_for(demo *d, int sector, bool recognised, int salt)
{
    for (int k = 0; k < 4; k++) {
        demo_company *c = &d->companies[((sector - 1) * 4 + (salt + k) % 4) % N_COMPANIES];
        if ((!recognised || c->recognised) && c->used < c->places)
            return c;
    }
    /* No (recognised) company with a free place in the sector: any one (Entree needs a
     * recognised one). */
    for (int i = 0; i < N_COMPANIES; i++) {
        demo_company *c = &d->companies[(i + salt) % N_COMPANIES];
        if ((!recognised || c->recognised) && c->used < c->places)
            return c;
    }
    return &d->companies[salt % N_COMPANIES];
}

/* Creates a placement; returns its id in out (empty on refusal). */
static void place(demo *d, sl_client *coach, demo_student *s, demo_company *c, int kind,
                  const char *start, const char *end, const int *weekdays, int n_days,
                  const char *from, const char *to, int break_min, char out[40])
{
    Stagelijn__V1__ScheduleDay days[5], *dp[5];
    for (int i = 0; i < n_days && i < 5; i++) {
        stagelijn__v1__schedule_day__init(&days[i]);
        days[i].weekday = (uint32_t)weekdays[i];
        days[i].start = (char *)from;
        days[i].end = (char *)to;
        days[i].break_minutes = (uint32_t)break_min;
        dp[i] = &days[i];
    }
    Stagelijn__V1__Placement p = STAGELIJN__V1__PLACEMENT__INIT;
    p.student_id = s->id;
    p.company_id = c->id;
    p.supervisor_id = c->supervisor_id;
    p.kind = (Stagelijn__V1__PlacementKind)kind;
    p.start_date = (char *)start;
    p.end_date = (char *)end;
    p.sector = (uint32_t)c->sector;
    p.n_schedule = (size_t)n_days;
    p.schedule = dp;
    Stagelijn__V1__CreatePlacementRequest cp = STAGELIJN__V1__CREATE_PLACEMENT_REQUEST__INIT;
    cp.placement = &p;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PLACEMENT;
    req.create_placement = &cp;
    out[0] = '\0';
    sl_envelope *rep = call(d, coach, &req, "placement create");
    if (rep) {
        snprintf(out, 40, "%s", rep->placement->id);
        sl_envelope_free(rep);
        c->used++;
    }
}

/* Contract content, then (when `sign`) the signatures, then (when `activate`) active. */
static void contract(demo *d, sl_client *coach, const char *placement, const char *company_name,
                     bool sign, bool activate, const char *sign_date)
{
    if (!placement[0])
        return;
    char *locations[1] = {(char *)company_name};
    Stagelijn__V1__Contract k = STAGELIJN__V1__CONTRACT__INIT;
    k.placement_id = (char *)placement;
    k.learning_activities = "Meewerken in het dagelijkse werk onder begeleiding; werken aan de "
                            "leerdoelen uit het stageplan; praktijkopdrachten uit de stagemap.";
    k.n_locations = 1;
    k.locations = locations;
    k.supervision_split = "De praktijkbegeleider begeleidt dagelijks op de werkvloer; de "
                          "stagebegeleider bezoekt elke drie weken en bespreekt wekelijks de "
                          "weekagenda in de klas.";
    k.company_assessment_role = "De praktijkbegeleider vult de tussentijdse en de "
                                "eindbeoordeling in, samen met de stagebegeleider.";
    k.inspection_arrangement = "De Inspectie van het Onderwijs kan de stage-activiteiten op de "
                               "stageplaats bezoeken en de stageadministratie inzien.";
    k.accident_insurer = "Collectieve ongevallenverzekering van het schoolbestuur";
    k.liability_insurer = "Aansprakelijkheidsverzekering van het schoolbestuur";
    k.premium_payer = "Het schoolbestuur";
    Stagelijn__V1__SaveContractRequest sc = STAGELIJN__V1__SAVE_CONTRACT_REQUEST__INIT;
    sc.contract = &k;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_CONTRACT;
    req.save_contract = &sc;
    if (!call_ok(d, coach, &req, "contract save") || !sign)
        return;
    static const char *const signers[5] = {"", "Directeur De Viaan", "Praktijkbegeleider",
                                           "Leerling", "Ouder/verzorger"};
    for (int party = 1; party <= 4; party++) {
        Stagelijn__V1__Signature sig = STAGELIJN__V1__SIGNATURE__INIT;
        sig.party = (Stagelijn__V1__SignatureParty)party;
        sig.signer_name = (char *)signers[party];
        sig.date = (char *)sign_date;
        Stagelijn__V1__SignContractRequest s = STAGELIJN__V1__SIGN_CONTRACT_REQUEST__INIT;
        s.placement_id = (char *)placement;
        s.signature = &sig;
        sl_envelope sreq = STAGELIJN__V1__ENVELOPE__INIT;
        sreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SIGN_CONTRACT;
        sreq.sign_contract = &s;
        sl_envelope *rep = NULL;
        char err[256];
        /* The parent signs only for a minor; the server refuses it otherwise, which is fine. */
        sl_client_call(coach, &sreq, &rep, err, sizeof err);
        d->calls++;
        sl_envelope_free(rep);
    }
    if (!activate)
        return;
    Stagelijn__V1__SetPlacementStatusRequest ps = STAGELIJN__V1__SET_PLACEMENT_STATUS_REQUEST__INIT;
    ps.placement_id = (char *)placement;
    ps.status = STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_ACTIVE;
    sl_envelope areq = STAGELIJN__V1__ENVELOPE__INIT;
    areq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SET_PLACEMENT_STATUS;
    areq.set_placement_status = &ps;
    call_ok(d, coach, &areq, "placement activate");
}

/* How a troubled intern's weeks go (the early warning must see him/her coming): the last
 * `weeks_left_out` weeks before last week are not filled in, and the last week that is, is
 * not signed. Zero for everyone else. */
typedef struct {
    int weeks_left_out;
    bool last_unsigned;
} agenda_trouble;

/* The supervisor fills in and signs the weeks from `first_monday` up to last week. */
static void agendas(demo *d, sl_client *sup, const char *placement, const char *first_monday,
                    const int *weekdays, int n_days, int minutes, int max_weeks,
                    agenda_trouble trouble)
{
    static const char *const tasks[] = {"vakken vullen en klanten helpen",
                                        "onkruid wieden",
                                        "magazijn opruimen",
                                        "schoonmaakronde",
                                        "assisteren bij de productie",
                                        "materiaal klaarzetten"};
    char last_monday[11], monday[11];
    monday_of(d->today, last_monday);
    date_plus(last_monday, -7 * (1 + trouble.weeks_left_out), last_monday);
    snprintf(monday, sizeof monday, "%s", first_monday);
    for (int w = 0; w < max_weeks && strcmp(monday, last_monday) <= 0; w++) {
        Stagelijn__V1__AgendaDay days[5], *dp[5];
        char dates[5][11];
        for (int i = 0; i < n_days && i < 5; i++) {
            stagelijn__v1__agenda_day__init(&days[i]);
            date_plus(monday, weekdays[i] - 1, dates[i]);
            days[i].date = dates[i];
            days[i].minutes_worked = (uint32_t)(minutes - 30 * (int)rnd(d, 2));
            days[i].tasks = (char *)tasks[rnd(d, 6)];
            dp[i] = &days[i];
        }
        Stagelijn__V1__SubmitAgendaWeekRequest s = STAGELIJN__V1__SUBMIT_AGENDA_WEEK_REQUEST__INIT;
        s.placement_id = (char *)placement;
        s.week_start = monday;
        s.n_days = (size_t)n_days;
        s.days = dp;
        s.reflection = "Werkt zelfstandiger; let op werktempo en op tijd komen.";
        char next[11];
        date_plus(monday, 7, next);
        s.sign = !(trouble.last_unsigned && (w + 1 == max_weeks || strcmp(next, last_monday) > 0));
        if (trouble.last_unsigned)
            s.reflection = "Komt vaak te laat en haakt af; gesprek met de stagebegeleider nodig.";
        sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_AGENDA_WEEK;
        req.submit_agenda_week = &s;
        call_ok(d, sup, &req, "agenda submit");
        date_plus(monday, 7, monday);
    }
}

static void visit(demo *d, sl_client *coach, const char *placement, const char *date)
{
    char *present[3] = {"leerling", "praktijkbegeleider", "stagebegeleider"};
    Stagelijn__V1__Visit v = STAGELIJN__V1__VISIT__INIT;
    v.placement_id = (char *)placement;
    v.date = (char *)date;
    v.n_present = 3;
    v.present = present;
    v.notes = "Voortgangsgesprek: gaat goed met samenwerken; werktempo kan omhoog.";
    v.actions = "Volgende periode: zelfstandig een klus afronden.";
    Stagelijn__V1__LogVisitRequest lv = STAGELIJN__V1__LOG_VISIT_REQUEST__INIT;
    lv.visit = &v;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_VISIT;
    req.log_visit = &lv;
    call_ok(d, coach, &req, "visit log");
}

/* Ratings from `lowest` up, `spread` values wide (2 and 3 give 2..4; a troubled intern 1
 * and 2). */
static void assess_rated(demo *d, sl_client *who, const char *placement, int kind, int period,
                         bool positive, int lowest, int spread)
{
    Stagelijn__V1__CompetenceRatings r = STAGELIJN__V1__COMPETENCE_RATINGS__INIT;
    r.persoonlijk = (uint32_t)lowest + rnd(d, spread);
    r.arbeid = (uint32_t)lowest + rnd(d, spread);
    r.sociaal = (uint32_t)lowest + rnd(d, spread);
    r.onderzoek = (uint32_t)lowest + rnd(d, spread);
    r.leren = (uint32_t)lowest + rnd(d, spread);
    Stagelijn__V1__Assessment a = STAGELIJN__V1__ASSESSMENT__INIT;
    a.placement_id = (char *)placement;
    a.kind = (Stagelijn__V1__AssessmentKind)kind;
    a.period = (uint32_t)period;
    a.ratings = &r;
    a.verdict = positive ? STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE
                         : STAGELIJN__V1__JUDGEMENT__JUDGEMENT_NEGATIVE;
    a.comments = positive ? "Voldoende; goede inzet." : "Nog onvoldoende; meer oefenen.";
    Stagelijn__V1__SubmitAssessmentRequest s = STAGELIJN__V1__SUBMIT_ASSESSMENT_REQUEST__INIT;
    s.assessment = &a;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SUBMIT_ASSESSMENT;
    req.submit_assessment = &s;
    call_ok(d, who, &req, "assessment submit");
}

static void assess(demo *d, sl_client *who, const char *placement, int kind, int period,
                   bool positive)
{
    assess_rated(d, who, placement, kind, period, positive, 2, 3);
}

static void dropout(demo *d, sl_client *who, const char *placement, const char *date)
{
    Stagelijn__V1__ReportDropoutRequest r = STAGELIJN__V1__REPORT_DROPOUT_REQUEST__INIT;
    r.placement_id = (char *)placement;
    r.date = (char *)date;
    r.reason = "Herhaaldelijk te laat en niet afgemeld; gesprek met leerling en ouders volgt.";
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_REPORT_DROPOUT;
    req.report_dropout = &r;
    call_ok(d, who, &req, "dropout report");
}

static sl_client *supervisor_of(demo *d, demo_company *c)
{
    return login(d, c->supervisor_user);
}

/* Year 2: interest test, orientation, the internal internship at the canteen with its
 * assessment, and the readiness advice. */
static void year2(demo *d, sl_client *coach, sl_client *canteen)
{
    for (int i = 0; i < d->n_students; i++) {
        demo_student *s = &d->students[i];
        if (s->year != 2 || !s->id[0])
            continue;
        Stagelijn__V1__InterestScore sc[3], *scp[3];
        for (int k = 0; k < 3; k++) {
            stagelijn__v1__interest_score__init(&sc[k]);
            sc[k].sector = (uint32_t)(k == 0   ? s->sector
                                      : k == 1 ? s->second_sector
                                               : 1 + (s->sector + 4) % 10);
            if (k == 2 && (sc[k].sector == sc[0].sector || sc[k].sector == sc[1].sector))
                sc[k].sector = 1 + (sc[k].sector % 10);
            sc[k].score = 80 - 15 * (uint32_t)k + rnd(d, 10);
            scp[k] = &sc[k];
        }
        size_t nsc = sc[2].sector == sc[0].sector || sc[2].sector == sc[1].sector ? 2 : 3;
        Stagelijn__V1__InterestTest t = STAGELIJN__V1__INTEREST_TEST__INIT;
        t.student_id = s->id;
        t.date = "2026-11-10";
        t.n_scores = nsc;
        t.scores = scp;
        Stagelijn__V1__RecordInterestTestRequest rt =
            STAGELIJN__V1__RECORD_INTEREST_TEST_REQUEST__INIT;
        rt.test = &t;
        sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_INTEREST_TEST;
        req.record_interest_test = &rt;
        call_ok(d, coach, &req, "interest test");

        Stagelijn__V1__Orientation o = STAGELIJN__V1__ORIENTATION__INIT;
        o.student_id = s->id;
        o.interests = "buiten werken, met de handen bezig zijn";
        o.hobbies = "voetbal, gamen, koken";
        o.expectations = "leren hoe het er op een echt bedrijf aan toegaat";
        o.barriers = s->support ? "spanning bij nieuwe mensen" : "";
        o.preferences = "dicht bij huis, op de fiets bereikbaar";
        o.interview_date = "2026-11-17";
        o.interview_notes = "Gemotiveerd; voorkeur voor de eerste twee sectoren.";
        Stagelijn__V1__SaveOrientationRequest so = STAGELIJN__V1__SAVE_ORIENTATION_REQUEST__INIT;
        so.orientation = &o;
        sl_envelope oreq = STAGELIJN__V1__ENVELOPE__INIT;
        oreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ORIENTATION;
        oreq.save_orientation = &so;
        call_ok(d, coach, &oreq, "orientation");

        /* The internal internship: three days at the canteen, 09:50-14:00. */
        char pid[40];
        int days[1] = {3};
        place(d, coach, s, &d->canteen, STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INTERNAL,
              "2026-10-05", "2026-10-14", days, 1, "09:50", "14:00", 30, pid);
        contract(d, coach, pid, "Schoolkantine", true, true, d->today);
        if (pid[0] && canteen)
            assess(d, canteen, pid, STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_END, 0,
                   rnd(d, 5) != 0);
        /* The readiness check at the end of year 2, as far as it can be made now. */
        Stagelijn__V1__ReadinessInput ri = STAGELIJN__V1__READINESS_INPUT__INIT;
        ri.student_id = s->id;
        ri.social_skills = rnd(d, 4) ? STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE
                                     : STAGELIJN__V1__JUDGEMENT__JUDGEMENT_NEGATIVE;
        ri.work_attitude = STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE;
        ri.teachers_advice = STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE;
        ri.mentor_assessment = rnd(d, 5) ? STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE
                                         : STAGELIJN__V1__JUDGEMENT__JUDGEMENT_MISSING;
        ri.planned_start = "2027-09-06";
        Stagelijn__V1__AssessReadinessRequest ar = STAGELIJN__V1__ASSESS_READINESS_REQUEST__INIT;
        ar.input = &ri;
        sl_envelope rreq = STAGELIJN__V1__ENVELOPE__INIT;
        rreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_ASSESS_READINESS;
        rreq.assess_readiness = &ar;
        if (pid[0]) {
            /* It ended in October: the coach closes it. */
            Stagelijn__V1__SetPlacementStatusRequest ps =
                STAGELIJN__V1__SET_PLACEMENT_STATUS_REQUEST__INIT;
            ps.placement_id = pid;
            ps.status = STAGELIJN__V1__PLACEMENT_STATUS__PLACEMENT_COMPLETED;
            sl_envelope creq = STAGELIJN__V1__ENVELOPE__INIT;
            creq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SET_PLACEMENT_STATUS;
            creq.set_placement_status = &ps;
            call_ok(d, coach, &creq, "placement complete");
        }
        call_ok(d, coach, &rreq, "readiness");
    }
}

/* Company visits for year 2, with a sign-up list. */
static void company_visits(demo *d, sl_client *coach)
{
    char date[11];
    date_plus(d->today, 21, date);
    for (int v = 0; v < 3; v++) {
        Stagelijn__V1__CompanyVisit cv = STAGELIJN__V1__COMPANY_VISIT__INIT;
        cv.company_id = d->companies[v * 13 % N_COMPANIES].id;
        cv.date = date;
        cv.capacity = 8;
        cv.description = "Rondleiding en een uur meewerken";
        Stagelijn__V1__CreateCompanyVisitRequest c =
            STAGELIJN__V1__CREATE_COMPANY_VISIT_REQUEST__INIT;
        c.visit = &cv;
        sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_COMPANY_VISIT;
        req.create_company_visit = &c;
        sl_envelope *rep = call(d, coach, &req, "company visit");
        if (!rep)
            continue;
        char vid[40];
        snprintf(vid, sizeof vid, "%s", rep->company_visit->id);
        sl_envelope_free(rep);
        for (int i = 0, n = 0; i < d->n_students && n < 6; i++) {
            demo_student *s = &d->students[i];
            if (!s->id[0] || s->year != 2 || (i + v) % 3)
                continue;
            Stagelijn__V1__SignUpCompanyVisitRequest su =
                STAGELIJN__V1__SIGN_UP_COMPANY_VISIT_REQUEST__INIT;
            su.company_visit_id = vid;
            su.student_id = s->id;
            sl_envelope sreq = STAGELIJN__V1__ENVELOPE__INIT;
            sreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_SIGN_UP_COMPANY_VISIT;
            sreq.sign_up_company_visit = &su;
            if (call_ok(d, coach, &sreq, "company visit sign-up"))
                n++;
        }
        date_plus(date, 7, date);
    }
}

/* A practical assignment of the year-3 exam portfolio; its id to out ("" when refused). */
static void assignment(demo *d, sl_client *who, const char *placement, const char *id, int number,
                       const char *title, int status, char out[40])
{
    Stagelijn__V1__PracticalAssignment pa = STAGELIJN__V1__PRACTICAL_ASSIGNMENT__INIT;
    pa.id = (char *)id;
    pa.placement_id = (char *)placement;
    pa.period = 1;
    pa.number = (uint32_t)number;
    pa.title = (char *)title;
    pa.status = (Stagelijn__V1__AssignmentStatus)status;
    Stagelijn__V1__SaveAssignmentRequest sa = STAGELIJN__V1__SAVE_ASSIGNMENT_REQUEST__INIT;
    sa.assignment = &pa;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_ASSIGNMENT;
    req.save_assignment = &sa;
    sl_envelope *rep = call(d, who, &req, "assignment save");
    if (out)
        snprintf(out, 40, "%s", rep ? rep->practical_assignment->id : "");
    sl_envelope_free(rep);
}

static void year3_assessment(demo *d, sl_client *coach, const demo_student *s,
                             const char *placement, int kind, const char *date)
{
    Stagelijn__V1__Year3Assessment y = STAGELIJN__V1__YEAR3_ASSESSMENT__INIT;
    y.student_id = (char *)s->id;
    y.kind = (Stagelijn__V1__Year3AssessmentKind)kind;
    y.placement_id = (char *)placement;
    y.date = (char *)date;
    y.assessor = "Petra de Boer";
    y.result = STAGELIJN__V1__JUDGEMENT__JUDGEMENT_POSITIVE;
    y.remarks = kind == STAGELIJN__V1__YEAR3_ASSESSMENT_KIND__YEAR3_MASTERPIECE
                    ? "Meesterproef zelfstandig uitgevoerd; kiest definitief deze sector."
                    : "Werkt nauwkeurig en vraagt hulp op tijd.";
    y.sector = (uint32_t)s->sector;
    Stagelijn__V1__RecordYear3AssessmentRequest rq =
        STAGELIJN__V1__RECORD_YEAR3_ASSESSMENT_REQUEST__INIT;
    rq.assessment = &y;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_YEAR3_ASSESSMENT;
    req.record_year3_assessment = &rq;
    call_ok(d, coach, &req, "year3 record");
}

/* Year 3 toward the sector choice (plan 2.2): the internship assessment on the running
 * year-3 placement, the masterpiece (meesterproef) with the definitive sector for some, and
 * the exam portfolio's practical assignments: the first submitted by the supervisor and
 * approved by the coach, the second still open. */
static void year3_records(demo *d, sl_client *coach, sl_client *sup, const demo_student *s,
                          const char *placement, bool masterpiece)
{
    year3_assessment(d, coach, s, placement,
                     STAGELIJN__V1__YEAR3_ASSESSMENT_KIND__YEAR3_INTERNSHIP_ASSESSMENT,
                     "2026-11-12");
    if (masterpiece)
        year3_assessment(d, coach, s, "", STAGELIJN__V1__YEAR3_ASSESSMENT_KIND__YEAR3_MASTERPIECE,
                         "2026-11-19");
    char first[40];
    assignment(d, coach, placement, "", 1, "Veilig werken op de werkvloer",
               STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_OPEN, first);
    assignment(d, coach, placement, "", 2, "Een klant helpen",
               STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_OPEN, NULL);
    if (!first[0] || !sup)
        return;
    assignment(d, sup, placement, first, 1, "Veilig werken op de werkvloer",
               STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_SUBMITTED, NULL);
    assignment(d, coach, placement, first, 1, "Veilig werken op de werkvloer",
               STAGELIJN__V1__ASSIGNMENT_STATUS__ASSIGNMENT_APPROVED, NULL);
}

/* The social-skills training for a student sent away from the internship (plan 4.5),
 * planned for the week after the dropout. */
static void skills_training(demo *d, sl_client *coach, const demo_student *s)
{
    char start[11];
    date_plus(d->today, 7, start);
    Stagelijn__V1__SocialSkillsTraining t = STAGELIJN__V1__SOCIAL_SKILLS_TRAINING__INIT;
    t.student_id = (char *)s->id;
    t.start_date = start;
    t.trainer = "Mevr. Jansen";
    t.status = STAGELIJN__V1__TRAINING_STATUS__TRAINING_PLANNED;
    t.remarks = "Afspraken nakomen en op tijd afmelden; daarna een nieuwe stageplek.";
    Stagelijn__V1__SaveSocialSkillsTrainingRequest st =
        STAGELIJN__V1__SAVE_SOCIAL_SKILLS_TRAINING_REQUEST__INIT;
    st.training = &t;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_SOCIAL_SKILLS_TRAINING;
    req.save_social_skills_training = &st;
    call_ok(d, coach, &req, "training enrol");
}

static void year3_to_entree(demo *d)
{
    int counter = 0;
    char start3[11], end_year[11] = "2027-06-30";
    snprintf(start3, sizeof start3, "2026-09-07");
    for (int i = 0; i < d->n_students; i++) {
        demo_student *s = &d->students[i];
        if (!s->id[0] || s->year < 3 || s->class_index == N_CLASSES)
            continue;
        counter++;
        sl_client *coach = login(d, d->coaches[counter % 4].username);
        if (!coach)
            continue;
        char pid[40] = "";
        demo_company *c;
        if (s->year == 3) {
            /* Individual internship I: 2 days, 5 hours including the break. */
            int days[2] = {2, 4};
            c = company_for(d, s->sector, false, counter);
            place(d, coach, s, c, STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_INDIVIDUAL_1, start3,
                  "2027-01-29", days, 2, "09:00", "14:00", 30, pid);
            int stage = counter % 6; /* spread over the lifecycle */
            if (stage >= 1)
                contract(d, coach, pid, company_names[c - d->companies], stage >= 2, stage >= 3,
                         d->today);
            if (stage >= 3) {
                sl_client *sup = supervisor_of(d, c);
                if (sup)
                    agendas(d, sup, pid, "2026-09-07", days, 2, 270, 6, (agenda_trouble){0});
                visit(d, coach, pid, "2026-10-01");
                visit(d, coach, pid, "2026-11-05");
                year3_records(d, coach, sup, s, pid, stage == 4);
                if (sup && stage == 5) {
                    dropout(d, sup, pid, d->today);
                    skills_training(d, coach, s);
                }
                sl_client_close(sup);
            }
        } else {
            /* Years 4/5 and Entree: 3 days, 6.5 hours with a 30-minute break. */
            int days[3] = {1, 2, 3};
            bool entree = s->year == 6;
            c = company_for(d, s->sector, entree, counter);
            place(d, coach, s, c,
                  entree ? STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_ENTREE
                         : STAGELIJN__V1__PLACEMENT_KIND__PLACEMENT_SECTOR,
                  "2026-09-07", end_year, days, 3, "08:30", entree ? "16:00" : "15:00", 30, pid);
            contract(d, coach, pid, company_names[c - d->companies], true, true, d->today);
            sl_client *sup = supervisor_of(d, c);
            /* Some interns are troubled: weeks not filled in and the last one unsigned, few
             * hours, low ratings, no visit since September (the early warning's test). */
            bool troubled = !entree && counter % 7 == 4;
            if (sup && pid[0]) {
                agenda_trouble t = {troubled ? 3 : 0, troubled};
                agendas(d, sup, pid, "2026-09-07", days, 3,
                        troubled ? 150
                        : entree ? 420
                                 : 360,
                        12, t);
                assess_rated(d, sup, pid, STAGELIJN__V1__ASSESSMENT_KIND__ASSESSMENT_INTERIM, 1,
                             !troubled, troubled ? 1 : 2, troubled ? 2 : 3);
                if (counter % 13 == 0 && !troubled)
                    dropout(d, sup, pid, d->today);
            }
            sl_client_close(sup);
            if (pid[0]) {
                visit(d, coach, pid, "2026-09-24");
                if (!troubled)
                    visit(d, coach, pid, "2026-10-15");
                if (counter % 3 && !troubled)
                    visit(d, coach, pid, "2026-11-05");
            }
        }
        sl_client_close(coach);
    }
}

static void exits(demo *d, sl_client *coach)
{
    static const int profiles[] = {STAGELIJN__V1__EXIT_PROFILE__EXIT_WORK,
                                   STAGELIJN__V1__EXIT_PROFILE__EXIT_LEARNING,
                                   STAGELIJN__V1__EXIT_PROFILE__EXIT_DAY_CARE};
    static const char *const destinations[] = {"Hoveniersbedrijf Groenrijk (arbeidscontract)",
                                               "ROC Midden Nederland, Entree BBL",
                                               "Dagbesteding De Werkplaats"};
    Stagelijn__V1__Partner pa = STAGELIJN__V1__PARTNER__INIT;
    pa.name = "Werkgeversservicepunt Utrecht";
    pa.kind = "work_desk";
    pa.contact = "wsp@example.org";
    Stagelijn__V1__CreatePartnerRequest cp = STAGELIJN__V1__CREATE_PARTNER_REQUEST__INIT;
    cp.partner = &pa;
    sl_envelope preq = STAGELIJN__V1__ENVELOPE__INIT;
    preq.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_PARTNER;
    preq.create_partner = &cp;
    call_ok(d, coach, &preq, "partner create");
    for (int i = 0, k = 0; i < d->n_students; i++) {
        demo_student *s = &d->students[i];
        if (!s->id[0] || s->class_index != N_CLASSES)
            continue;
        Stagelijn__V1__ExitRecord e = STAGELIJN__V1__EXIT_RECORD__INIT;
        e.student_id = s->id;
        e.left_date = "2025-07-11";
        e.final_interview_date = "2025-06-20";
        e.advice = "Passend bij interesses en ontwikkeling; begeleiding bij de start.";
        e.profile = (Stagelijn__V1__ExitProfile)profiles[k % 3];
        e.destination = (char *)destinations[k % 3];
        e.cohort = "2024-2025";
        Stagelijn__V1__RecordExitRequest re = STAGELIJN__V1__RECORD_EXIT_REQUEST__INIT;
        re.exit = &e;
        sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
        req.body_case = STAGELIJN__V1__ENVELOPE__BODY_RECORD_EXIT;
        req.record_exit = &re;
        if (call_ok(d, coach, &req, "exit record")) {
            static const char *const dates[] = {"2025-10-15", "2026-02-10", "2026-06-05",
                                                "2026-10-20"};
            for (int c = 0; c < 4 - k % 2; c++) {
                Stagelijn__V1__AftercareContact a = STAGELIJN__V1__AFTERCARE_CONTACT__INIT;
                a.student_id = s->id;
                a.date = (char *)dates[c];
                a.with_whom = c % 2 ? "employer" : "former_student";
                a.outcome = "Gaat naar tevredenheid; afspraken over begeleiding gemaakt.";
                a.still_in_destination = !(k == 4 && c >= 2);
                Stagelijn__V1__LogAftercareContactRequest l =
                    STAGELIJN__V1__LOG_AFTERCARE_CONTACT_REQUEST__INIT;
                l.contact = &a;
                sl_envelope areq = STAGELIJN__V1__ENVELOPE__INIT;
                areq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LOG_AFTERCARE_CONTACT;
                areq.log_aftercare_contact = &l;
                call_ok(d, coach, &areq, "aftercare contact");
            }
        }
        k++;
    }
}

static void group_sessions(demo *d, sl_client *coach)
{
    /* Tuesday and Thursday mornings for the next two weeks at the school's own location. */
    char monday[11];
    monday_of(d->today, monday);
    date_plus(monday, 7, monday);
    int enrolled = 0;
    for (int w = 0; w < 2; w++) {
        for (int dday = 1; dday <= 3; dday += 2) {
            char date[11];
            date_plus(monday, 7 * w + dday, date);
            Stagelijn__V1__GroupSession g = STAGELIJN__V1__GROUP_SESSION__INIT;
            g.location = "Groepsstage Kinderboerderij";
            g.address = "Parkweg 3, Utrecht";
            g.date = date;
            g.day_part = STAGELIJN__V1__DAY_PART__DAYPART_MORNING;
            g.capacity = 5;
            Stagelijn__V1__CreateGroupSessionRequest cg =
                STAGELIJN__V1__CREATE_GROUP_SESSION_REQUEST__INIT;
            cg.session = &g;
            sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
            req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_GROUP_SESSION;
            req.create_group_session = &cg;
            sl_envelope *rep = call(d, coach, &req, "group session");
            if (!rep)
                continue;
            char sid[40];
            snprintf(sid, sizeof sid, "%s", rep->group_session->id);
            sl_envelope_free(rep);
            /* NT2 and support students of year 3 go to the group internship. */
            for (int i = 0, n = 0; i < d->n_students && n < 4; i++) {
                demo_student *s = &d->students[i];
                if (!s->id[0] || s->year != 3 || !(s->nt2 || s->support))
                    continue;
                Stagelijn__V1__EnrolGroupSessionRequest e =
                    STAGELIJN__V1__ENROL_GROUP_SESSION_REQUEST__INIT;
                e.group_session_id = sid;
                e.student_id = s->id;
                sl_envelope ereq = STAGELIJN__V1__ENVELOPE__INIT;
                ereq.body_case = STAGELIJN__V1__ENVELOPE__BODY_ENROL_GROUP_SESSION;
                ereq.enrol_group_session = &e;
                if (call_ok(d, coach, &ereq, "group enrol"))
                    enrolled++;
                n++;
            }
        }
    }
    (void)enrolled;
}

/* The outcome: success only when every request was stored. A lost connection is exit 3, a
 * refusal exit 1; neither claims that the demo school was created. */
static int demo_report(const demo *d)
{
    cli_ctx *ctx = d->ctx;
    if (d->lost)
        return cli_fail(ctx, EXIT_CONNECTION,
                        _("the connection to the server was lost after %d requests; %d more were "
                          "not sent. The demo school is incomplete: start again with an empty "
                          "server"),
                        d->calls, d->skipped);
    if (d->refused || d->skipped)
        return cli_fail(ctx, EXIT_REFUSED,
                        _("the demo school is incomplete: %d of %d requests were refused by the "
                          "server and %d were not sent (see the messages above)"),
                        d->refused, d->calls, d->skipped);
    if (ctx->json) {
        printf("{\"students\":%d,\"companies\":%d,\"requests\":%d,\"refused\":0,"
               "\"password\":",
               d->n_students, N_COMPANIES + 1, d->calls);
        output_json_string(stdout, d->password);
        puts("}");
    } else {
        printf(_("Demo school created: %d students, %d companies, %d requests.\nEvery demo "
                 "account has the password '%s', e.g. coach c.devries, support coach o.smit, "
                 "mentor m.4a, supervisor pb.01, student ll.061, subscriber automatisering.\n"),
               d->n_students, N_COMPANIES + 1, d->calls, d->password);
    }
    return 0;
}

int demo_fill(cli_ctx *ctx, const cli_args *a)
{
    demo *d = calloc(1, sizeof *d);
    if (!d)
        return EXIT_CONNECTION;
    d->ctx = ctx;
    d->admin = ctx->client;
    const char *pw = cli_arg(a, "demo-password");
    d->password = pw && strlen(pw) >= 10 ? pw : "stagelijn-demo-2026";
    unsigned long seed = 20261128;
    if (!cli_uint(ctx, a, "seed", 0xffffffffUL, &seed)) {
        free(d);
        return EXIT_USAGE;
    }
    d->rng = (uint64_t)seed * 0x9E3779B97F4A7C15ULL + 1;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(d->today, sizeof d->today, "%Y-%m-%d", &tm);

    /* Refuse to mix demo data into a school that already has students. */
    Stagelijn__V1__ListStudentsRequest ls = STAGELIJN__V1__LIST_STUDENTS_REQUEST__INIT;
    sl_envelope lreq = STAGELIJN__V1__ENVELOPE__INIT;
    lreq.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_STUDENTS;
    lreq.list_students = &ls;
    sl_envelope *rep = call(d, d->admin, &lreq, "student list");
    if (!rep) {
        int rc = demo_report(d);
        free(d);
        return rc;
    }
    if (rep->list_students_reply->n_students > 0) {
        sl_envelope_free(rep);
        free(d);
        return cli_fail(ctx, EXIT_REFUSED, "%s",
                        _("the server already has students; demo data goes only into an empty "
                          "school"));
    }
    sl_envelope_free(rep);

    fprintf(stderr, "demo: school year, staff and classes...\n");
    school_year(d);
    staff_and_classes(d);
    fprintf(stderr, "demo: %d companies with their supervisors...\n", N_COMPANIES + 1);
    companies(d);
    fprintf(stderr, "demo: students...\n");
    students(d);
    sl_client *coach = login(d, d->coaches[0].username);
    sl_client *canteen = login(d, "kantine");
    if (coach) {
        profiles(d, coach);
        fprintf(stderr, "demo: year 2 preparation...\n");
        year2(d, coach, canteen);
        company_visits(d, coach);
    }
    fprintf(stderr, "demo: placements, contracts, agendas, visits, assessments...\n");
    year3_to_entree(d);
    if (coach) {
        group_sessions(d, coach);
        fprintf(stderr, "demo: exit and aftercare...\n");
        exits(d, coach);
    }
    sl_client_close(coach);
    sl_client_close(canteen);

    int rc = demo_report(d);
    free(d);
    return rc;
}
