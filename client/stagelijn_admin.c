/* stagelijn-admin: the administrator's console: accounts, classes, companies, students. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ad_accounts.h"
#include "ad_devices.h"
#include "ad_backup.h"
#include "ad_subs.h"
#include "admin_import.h"
#include "cli.h"
#include "demo.h"
#include "ws_commands.h"

static int user_create(cli_ctx *ctx, const cli_args *a)
{
    const char *username, *name, *role;
    if (!cli_need(ctx, a, "username", &username) || !cli_need(ctx, a, "name", &name) ||
        !cli_need(ctx, a, "role", &role))
        return EXIT_USAGE;
    int r = 0;
    if (!cli_enum(ctx, a, "role", &stagelijn__v1__role__descriptor, &r))
        return EXIT_USAGE;
    char password[256] = "";
    const char *pwfile = cli_arg(a, "new-password-file");
    if (pwfile && !cli_read_secret(NULL, pwfile, "", password, sizeof password))
        return cli_usage_error(ctx, _("cannot read %s"), pwfile);
    Stagelijn__V1__CreateUserRequest cu = STAGELIJN__V1__CREATE_USER_REQUEST__INIT;
    cu.username = (char *)username;
    cu.display_name = (char *)name;
    cu.role = (Stagelijn__V1__Role)r;
    cu.company_id = (char *)(cli_arg(a, "company") ? cli_arg(a, "company") : "");
    cu.password = password;
    cu.date_of_birth = (char *)(cli_arg(a, "dob") ? cli_arg(a, "dob") : "");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_USER;
    req.create_user = &cu;
    return cli_call_print(ctx, &req);
}

static int user_list(cli_ctx *ctx, const cli_args *a)
{
    Stagelijn__V1__ListUsersRequest lu = STAGELIJN__V1__LIST_USERS_REQUEST__INIT;
    int role = 0;
    if (!cli_enum(ctx, a, "role", &stagelijn__v1__role__descriptor, &role))
        return EXIT_USAGE;
    lu.role = (Stagelijn__V1__Role)role;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_USERS;
    req.list_users = &lu;
    return cli_call_print(ctx, &req);
}

static int class_create(cli_ctx *ctx, const cli_args *a)
{
    const char *name;
    unsigned long year = 0;
    if (!cli_need(ctx, a, "name", &name) || !cli_uint(ctx, a, "year", 6, &year))
        return EXIT_USAGE;
    if (year < 2)
        return cli_usage_error(ctx, _("--year is 2, 3, 4, 5 or 6 (Entree)"));
    Stagelijn__V1__CreateClassRequest cc = STAGELIJN__V1__CREATE_CLASS_REQUEST__INIT;
    cc.name = (char *)name;
    cc.school_year = (uint32_t)year;
    cc.mentor_id = (char *)(cli_arg(a, "mentor") ? cli_arg(a, "mentor") : "");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_CLASS;
    req.create_class = &cc;
    return cli_call_print(ctx, &req);
}

static int class_list(cli_ctx *ctx, const cli_args *a)
{
    Stagelijn__V1__ListClassesRequest lc = STAGELIJN__V1__LIST_CLASSES_REQUEST__INIT;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_CLASSES;
    req.list_classes = &lc;
    return cli_call_print(ctx, &req);
}

static bool parse_double(const char *s, double *out)
{
    return !s || cli_parse_decimal(s, out);
}

static int company_create(cli_ctx *ctx, const cli_args *a)
{
    const char *name;
    unsigned long places = 1, capacity = 1;
    if (!cli_need(ctx, a, "name", &name) || !cli_uint(ctx, a, "places", 1000, &places) ||
        !cli_uint(ctx, a, "capacity", 1000, &capacity))
        return EXIT_USAGE;
    Stagelijn__V1__Company c = STAGELIJN__V1__COMPANY__INIT;
    c.name = (char *)name;
    c.address = (char *)(cli_arg(a, "address") ? cli_arg(a, "address") : "");
    c.city = (char *)(cli_arg(a, "city") ? cli_arg(a, "city") : "");
    /* One half of a position is no position: it would be stored with 0 for the other. */
    if ((cli_arg(a, "lat") != NULL) != (cli_arg(a, "lon") != NULL))
        return cli_usage_error(ctx, _("give --lat and --lon together"));
    if (!parse_double(cli_arg(a, "lat"), &c.latitude) ||
        !parse_double(cli_arg(a, "lon"), &c.longitude))
        return cli_usage_error(ctx, _("--lat and --lon are decimal degrees"));
    c.recognised = cli_flag(a, "recognised");
    c.internal = cli_flag(a, "internal");
    c.registration_number = (char *)(cli_arg(a, "registration") ? cli_arg(a, "registration") : "");
    c.places = (uint32_t)places;
    c.supervision_capacity = (uint32_t)capacity;
    const char *sectors[10];
    uint32_t sector_ids[10];
    int n = cli_arg_all(a, "sector", sectors, 10);
    for (int i = 0; i < n; i++) {
        unsigned long v;
        if (!cli_parse_uint(sectors[i], 10, &v) || v < 1)
            return cli_usage_error(ctx, _("--sector is a number from 1 to 10"));
        sector_ids[i] = (uint32_t)v;
    }
    c.n_sectors = (size_t)n;
    c.sectors = sector_ids;
    Stagelijn__V1__CreateCompanyRequest cc = STAGELIJN__V1__CREATE_COMPANY_REQUEST__INIT;
    cc.company = &c;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_COMPANY;
    req.create_company = &cc;
    return cli_call_print(ctx, &req);
}

static int company_list(cli_ctx *ctx, const cli_args *a)
{
    Stagelijn__V1__ListCompaniesRequest lc = STAGELIJN__V1__LIST_COMPANIES_REQUEST__INIT;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_COMPANIES;
    req.list_companies = &lc;
    return cli_call_print(ctx, &req);
}

#define MAX_HOLIDAYS 40

/* "--holiday NAME,START,END": the name may itself hold commas, the dates are the last two. */
static bool parse_holiday(char *text, Stagelijn__V1__Holiday *h)
{
    char *c2 = strrchr(text, ',');
    if (!c2)
        return false;
    *c2 = '\0';
    char *c1 = strrchr(text, ',');
    if (!c1 || c1 == text)
        return false;
    *c1 = '\0';
    h->name = text;
    h->start_date = c1 + 1;
    h->end_date = c2 + 1;
    return cli_parse_date(h->start_date) && cli_parse_date(h->end_date);
}

static int school_year_save(cli_ctx *ctx, const cli_args *a)
{
    const char *name, *start, *end;
    if (!cli_need(ctx, a, "name", &name) || !cli_need(ctx, a, "start", &start) ||
        !cli_need(ctx, a, "end", &end))
        return EXIT_USAGE;
    const char *given[MAX_HOLIDAYS + 1];
    int n = cli_arg_all(a, "holiday", given, MAX_HOLIDAYS + 1);
    if (n > MAX_HOLIDAYS)
        return cli_usage_error(ctx, _("at most %d holidays"), MAX_HOLIDAYS);
    Stagelijn__V1__Holiday hol[MAX_HOLIDAYS], *holp[MAX_HOLIDAYS];
    char text[MAX_HOLIDAYS][512];
    for (int i = 0; i < n; i++) {
        stagelijn__v1__holiday__init(&hol[i]);
        /* A name too long for the buffer is refused, not cut. */
        size_t len = strlen(given[i]);
        if (len < sizeof text[i])
            memcpy(text[i], given[i], len + 1);
        if (len >= sizeof text[i] || !parse_holiday(text[i], &hol[i]))
            return cli_usage_error(ctx, _("--holiday '%s': expected NAME,YYYY-MM-DD,YYYY-MM-DD"),
                                   given[i]);
        holp[i] = &hol[i];
    }
    Stagelijn__V1__SchoolYear y = STAGELIJN__V1__SCHOOL_YEAR__INIT;
    y.id = (char *)(cli_arg(a, "id") ? cli_arg(a, "id") : "");
    y.name = (char *)name;
    y.start_date = (char *)start;
    y.end_date = (char *)end;
    y.n_holidays = (size_t)n;
    y.holidays = holp;
    Stagelijn__V1__SaveSchoolYearRequest sy = STAGELIJN__V1__SAVE_SCHOOL_YEAR_REQUEST__INIT;
    sy.school_year = &y;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_SAVE_SCHOOL_YEAR;
    req.save_school_year = &sy;
    return cli_call_print(ctx, &req);
}

static int school_year_list(cli_ctx *ctx, const cli_args *a)
{
    (void)a;
    Stagelijn__V1__ListSchoolYearsRequest ls = STAGELIJN__V1__LIST_SCHOOL_YEARS_REQUEST__INIT;
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_SCHOOL_YEARS;
    req.list_school_years = &ls;
    return cli_call_print(ctx, &req);
}

static int student_create(cli_ctx *ctx, const cli_args *a)
{
    const char *first, *last, *class_id, *dob;
    unsigned long year = 0;
    if (!cli_need(ctx, a, "first", &first) || !cli_need(ctx, a, "last", &last) ||
        !cli_need(ctx, a, "class", &class_id) || !cli_need(ctx, a, "dob", &dob) ||
        !cli_uint(ctx, a, "year", 6, &year))
        return EXIT_USAGE;
    Stagelijn__V1__Student s = STAGELIJN__V1__STUDENT__INIT;
    s.first_name = (char *)first;
    s.last_name = (char *)last;
    /* --tussenvoegsel is the Dutch word for the same thing; either one may be given. */
    const char *prefix = cli_arg(a, "prefix") ? cli_arg(a, "prefix") : cli_arg(a, "tussenvoegsel");
    s.name_prefix = (char *)(prefix ? prefix : "");
    s.class_id = (char *)class_id;
    s.date_of_birth = (char *)dob;
    s.school_year = (uint32_t)year;
    s.nt2 = cli_flag(a, "nt2");
    s.support_need = cli_flag(a, "support");
    Stagelijn__V1__CreateStudentRequest cs = STAGELIJN__V1__CREATE_STUDENT_REQUEST__INIT;
    cs.student = &s;
    cs.username = (char *)(cli_arg(a, "username") ? cli_arg(a, "username") : "");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_CREATE_STUDENT;
    req.create_student = &cs;
    return cli_call_print(ctx, &req);
}

static int student_list(cli_ctx *ctx, const cli_args *a)
{
    Stagelijn__V1__ListStudentsRequest ls = STAGELIJN__V1__LIST_STUDENTS_REQUEST__INIT;
    ls.class_id = (char *)(cli_arg(a, "class") ? cli_arg(a, "class") : "");
    ls.company_id = (char *)(cli_arg(a, "company") ? cli_arg(a, "company") : "");
    sl_envelope req = STAGELIJN__V1__ENVELOPE__INIT;
    req.body_case = STAGELIJN__V1__ENVELOPE__BODY_LIST_STUDENTS;
    req.list_students = &ls;
    return cli_call_print(ctx, &req);
}

static const cli_cmd commands[] = {
    CLI_PASSWD_CMD,
    WS_PIN_SET_CMD, /* kiosk PIN (issue 8) */
    {"user create", "username name role company new-password-file dob",
     "--username U --name NAME --role ROLE [--company ID] [--dob YYYY-MM-DD] "
     "[--new-password-file F]",
     N_("create an account; without a password file the server makes a one-time password; "
        "--dob records a supervisor's date of birth (a minor's supervisor must be 18+)"),
     user_create, false},
    {"user list", "role", "[--role ROLE]", N_("list accounts"), user_list, false},
    {"class create", "name year mentor", "--name NAME --year 2..6 [--mentor USER_ID]",
     N_("create a class (year 6 = Entree) with its mentor"), class_create, false},
    {"class list", "", "", N_("list classes"), class_list, false},
    {"company create",
     "name address city lat lon sector recognised registration places capacity internal",
     "--name NAME [--address A] [--city C] [--lat X --lon Y] [--sector 1..10]... "
     "[--recognised --registration NR] [--places N] [--capacity N] [--internal]",
     N_("register a company (leerbedrijf); --internal marks the school's own canteen"),
     company_create, false},
    {"company list", "", "", N_("list companies"), company_list, false},
    {"schoolyear save", "id name start end holiday",
     "[--id ID] --name YYYY-YYYY --start YYYY-MM-DD --end YYYY-MM-DD "
     "[--holiday NAME,YYYY-MM-DD,YYYY-MM-DD]...",
     N_("create a school year, or with --id replace its dates and holidays (the school "
        "calendar the hour rules count by)"),
     school_year_save, false},
    {"schoolyear list", "", "", N_("list school years with their holidays"), school_year_list,
     false},
    {"student create", "first last prefix tussenvoegsel class dob year nt2 support username",
     "--first F --last L [--prefix|--tussenvoegsel \"van 't\"] --class ID --dob YYYY-MM-DD "
     "[--year Y] [--nt2] [--support] [--username U]",
     N_("enrol a student (with a login when --username is given); the tussenvoegsel (de, van, "
        "van 't) goes apart from the surname, which lists sort on"),
     student_create, false},
    {"student list", "class company", "[--class ID] [--company ID]", N_("list students"),
     student_list, false},
    /* import and export (issue 10) */
    {"import students", "file map separator dry-run",
     "--file FILE [--map COLUMN=FIELD]... [--separator ';'|','] [--dry-run]",
     N_("import students from the school's records system (CSV, matched on the student "
        "number; a dry run reports per row what would be created, changed or refused)"),
     admin_import_students, false},
    /* import of classes and companies (issue 10, admin2) */
    {"import classes", "file map separator dry-run",
     "--file FILE [--map COLUMN=FIELD]... [--separator ';'|','] [--dry-run]",
     N_("import classes (name, school_year, mentor's username) from a CSV, matched on the "
        "class's name; a dry run reports per row what would be created, changed or refused"),
     admin_import_classes, false},
    {"import companies", "file map separator dry-run",
     "--file FILE [--map COLUMN=FIELD]... [--separator ';'|','] [--dry-run]",
     N_("import companies (name, KvK number, address, postcode, city, places, "
        "supervision_capacity) from a CSV, matched on the KvK number, else on name and "
        "postcode; an empty cell keeps what is stored"),
     admin_import_companies, false},
    {"export students", "file class csv-dialect",
     "[--file FILE] [--class ID] [--csv-dialect rfc4180|excel-nl]",
     N_("the students as CSV (id, student_number, first_name, name_prefix, last_name, name, "
        "class, school_year, date_of_birth, address), in surname order"),
     admin_export_students, false},
    {"export placements", "file student company csv-dialect",
     "[--file FILE] [--student ID] [--company ID] [--csv-dialect rfc4180|excel-nl]",
     N_("the placements as CSV (id, student, company, supervisor, coach, kind, status, "
        "start_date, end_date, sector)"),
     admin_export_placements, false},
    {"export hours", "file student company csv-dialect",
     "[--file FILE] [--student ID] [--company ID] [--csv-dialect rfc4180|excel-nl]",
     N_("the agenda days as CSV (student, company, week_start, date, hours as H:MM, tasks, "
        "signed_by_supervisor, signed_off_by_coach), placement by placement"),
     admin_export_hours, false},
    {"export visits", "file student company csv-dialect",
     "[--file FILE] [--student ID] [--company ID] [--csv-dialect rfc4180|excel-nl]",
     N_("the coaches' visits as CSV (student, company, date, coach, present, notes, actions), "
        "placement by placement"),
     admin_export_visits, false},
    {"demo-data", "demo-password seed", "[--demo-password P] [--seed N]",
     N_("fill an empty server with a fictional school (about 120 students, 40 companies, "
        "placements in every state); every demo account gets the demo password"),
     demo_fill, false},
    AD_ACCOUNT_CMDS,    /* accounts (issue 10) */
    AD_DEVICE_CMDS,     /* device certificates (issue 10) */
    AD_BACKUP_COMMANDS, /* backup and audit (issue 10) */
    /* data rights (issue 10) */
    {"student export", "student out", "--student NAME --out DIR",
     N_("the right of access: write everything the school holds about a student to DIR as "
        "JSON and as a readable document in Dutch (both mode 0600); audited"),
     ws_student_export, false},
    /* retention (issue 10) */
    {"retention due", "student", "[--student NAME]",
     N_("the dry run: students whose aftercare and retention period have passed, when they "
        "left and since when they are due; changes nothing"),
     ws_retention_due, false},
    {"retention erase", "student yes", "[--student NAME] [--yes]",
     N_("erase the personal data of every student who is due, or of one (refused when not "
        "yet due), also where others' texts name them; the outflow counts are kept; audited; "
        "without --yes it asks first on a terminal"),
     ws_retention_erase, false},
    AD_SUBS_CMDS, /* subs (issue 9): topics granted to subscriber accounts */
};

int main(int argc, char **argv)
{
    return cli_main(argc, argv, "stagelijn-admin", _("Stagelijn administration console."),
                    STAGELIJN__V1__CLIENT_KIND__CLIENT_ADMIN, commands,
                    sizeof commands / sizeof commands[0]);
}
