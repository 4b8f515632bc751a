/* The request handlers, one file per request family. Each is registered once, in the request
 * table (requests.c), which says what it needs: a session, a savepoint, an authorized target.
 * A handler runs after dispatch has authorized the caller for the row's operation on the
 * target (the resolved facts are in r->target); it validates its input, reads or writes inside
 * the request's savepoint, and fills `out` from r->arena. It returns SL_OK, or an error with
 * r->errmsg set (req_fail). */
#ifndef SL_HANDLERS_H
#define SL_HANDLERS_H

#include "dispatch.h"

/* h_session.c: Hello, Login, Resume, Logout, ChangePassword */
sl_status handle_hello(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_login(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_resume(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_logout(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_change_password(request *r, const sl_envelope *in, sl_envelope *out);

/* h_school.c: users, classes, companies, students */
sl_status handle_create_user(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_users(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_create_class(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_classes(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_create_company(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_companies(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_create_student(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_get_student(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_students(request *r, const sl_envelope *in, sl_envelope *out);

/* h_placement.c: placements */
sl_status handle_create_placement(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_get_placement(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_placements(request *r, const sl_envelope *in, sl_envelope *out);

/* h_dropout.c: dropout reports */
sl_status handle_report_dropout(request *r, const sl_envelope *in, sl_envelope *out);

/* h_progress.c: agenda weeks, reflections, visits, assessments */
sl_status handle_submit_agenda_week(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_write_reflection(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_sign_agenda_week(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_agenda_weeks(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_log_visit(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_visits(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_submit_assessment(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_assessments(request *r, const sl_envelope *in, sl_envelope *out);

/* h_events.c: Subscribe, AckEvents, ListNotifications */
sl_status handle_subscribe(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_ack_events(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_notifications(request *r, const sl_envelope *in, sl_envelope *out);

/* h_prep.c: school years, sectors, student profile, interest test, orientation, company visits */
sl_status handle_list_sectors(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_save_school_year(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_school_years(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_update_student(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_get_student_profile(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_record_interest_test(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_save_orientation(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_get_orientation(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_create_company_visit(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_sign_up_company_visit(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_company_visits(request *r, const sl_envelope *in, sl_envelope *out);

/* h_matching.c: readiness and its override, matching suggestions, introductory meetings */
sl_status handle_assess_readiness(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_override_readiness(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_get_readiness(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_suggest_companies(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_record_intro_meeting(request *r, const sl_envelope *in, sl_envelope *out);

/* h_contract.c: contract, signatures, printing, placement lifecycle, warnings */
sl_status handle_save_contract(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_sign_contract(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_get_contract(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_print_contract(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_set_placement_status(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_accept_warning(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_placement_warnings(request *r, const sl_envelope *in, sl_envelope *out);

/* h_periods.c: practical assignments, Entree hours, binding study advice, exam sessions */
sl_status handle_get_entree_progress(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_save_assignment(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_assignments(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_record_study_advice(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_save_exam_session(request *r, const sl_envelope *in, sl_envelope *out);

/* h_group.c: group internship sessions, enrolment, reflections */
sl_status handle_create_group_session(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_group_sessions(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_enrol_group_session(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_record_group_reflection(request *r, const sl_envelope *in, sl_envelope *out);

/* h_aftercare.c: exit, partners, aftercare contacts, outflow report */
sl_status handle_record_exit(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_create_partner(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_partners(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_log_aftercare_contact(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_get_aftercare(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_outflow_report(request *r, const sl_envelope *in, sl_envelope *out);

/* h_overview.c: visit plan, dossier, caseload, class overview */
sl_status handle_visit_plan(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_get_dossier(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_caseload(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_class_overview(request *r, const sl_envelope *in, sl_envelope *out);

/* trustdomain. h_year3.c: the year-3 internship assessment, masterpiece and exam portfolio */
sl_status handle_record_year3_assessment(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_get_year3_record(request *r, const sl_envelope *in, sl_envelope *out);
/* h_skills.c: the social-skills training after being sent away */
sl_status handle_save_social_skills_training(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_social_skills_trainings(request *r, const sl_envelope *in, sl_envelope *out);
/* course_hours.c: WVO art. 32's 50 % over the course, per student */
sl_status handle_get_course_hours(request *r, const sl_envelope *in, sl_envelope *out);
/* dropout: h_dropout.c (the procedure as a case), h_risk.c (early warning) */
sl_status handle_list_dropout_cases(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_dropout_case_step(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_risk_signals(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_risk_scan(request *r, const sl_envelope *in, sl_envelope *out);
/* h_clock.c: clocking in and out, a week's hours and its corrections, absence, hour totals */
sl_status handle_clock_in(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_clock_out(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_get_week_hours(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_correct_week(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_report_absence(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_get_hour_totals(request *r, const sl_envelope *in, sl_envelope *out);
/* kiosk PIN (issue 8): h_session.c (the PIN login), h_pin.c (setting a PIN) */
sl_status handle_pin_login(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_set_pin(request *r, const sl_envelope *in, sl_envelope *out);

/* assessment versions (issue 8): h_assess.c */
sl_status handle_save_assessment_draft(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_submit_assessment_draft(request *r, const sl_envelope *in, sl_envelope *out);

/* learning goals and the student's own rating (issue 7 item 10): h_goals.c */
sl_status handle_save_learning_goal(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_learning_goals(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_save_self_rating(request *r, const sl_envelope *in, sl_envelope *out);
/* h_inbox.c (issue 9, notifications): the inbox and its acknowledgements */
sl_status handle_inbox(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_ack_inbox(request *r, const sl_envelope *in, sl_envelope *out);
/* h_accounts.c: the administrator's accounts (issue 10) */
sl_status handle_set_account_enabled(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_reset_password(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_unlock_account(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_set_account_role(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_accounts(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_change_device_cert(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_device_certs(request *r, const sl_envelope *in, sl_envelope *out);

/* h_backup.c: backup and audit (issue 10) */
sl_status handle_start_backup(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_get_backup_status(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_list_audit(request *r, const sl_envelope *in, sl_envelope *out);

/* import and export (issue 10): h_import.c. Each row is checked and stored on its own, in a
 * savepoint: a bad row is refused whole with its reason, the good rows are stored; a dry run
 * rolls every row back. */
sl_status handle_import_students(request *r, const sl_envelope *in, sl_envelope *out);
/* import of classes and companies (issue 10, admin2): h_import.c. A class is matched on its
 * name, a company on its KvK number, else on its name and postcode; each row on its own
 * (stored or refused whole), a dry run rolled back. */
sl_status handle_import_classes(request *r, const sl_envelope *in, sl_envelope *out);
sl_status handle_import_companies(request *r, const sl_envelope *in, sl_envelope *out);
/* h_datarights.c (issue 10, data rights): the right of access */
sl_status handle_export_student_record(request *r, const sl_envelope *in, sl_envelope *out);
/* h_datarights.c (issue 10, retention): the dry run and the erasure */
sl_status handle_retention(request *r, const sl_envelope *in, sl_envelope *out);
/* h_kiosk_offline.c (issue 8, kioskoff): a clocking an intern made on a kiosk while it was
 * offline, run as that intern's own ClockIn or ClockOut (handle_clock_in, handle_clock_out). */
sl_status handle_kiosk_offline_clock(request *r, const sl_envelope *in, sl_envelope *out);
/* h_kiosk_offline.c (kiosk3): which of a kiosk's cached interns can still log in there with a
 * PIN, and since when their PIN is set; device connection only, no session. */
sl_status handle_kiosk_pin_check(request *r, const sl_envelope *in, sl_envelope *out);
/* subs (issue 9): h_subs.c */
sl_status handle_grant_topics(request *r, const sl_envelope *in, sl_envelope *out);
/* h_overview.c (kioskui): the intern's own next planned visit */
sl_status handle_next_visit(request *r, const sl_envelope *in, sl_envelope *out);

#endif
