#include "devca.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <sqlite3.h>

#include "store.h"
#include "tls.h"

#define CA_DAYS 3650
#define LEAF_DAYS 825

static bool fail(char *err, size_t errlen, const char *what)
{
    snprintf(err, errlen, "%s", what);
    sl_tls_drain_errors(err, errlen);
    return false;
}

static EVP_PKEY *new_key(void)
{
    return EVP_EC_gen("P-256");
}

static bool add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (!ext)
        return false;
    int ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    return ok == 1;
}

/* Builds a certificate for `key` named `cn`, signed by issuer_key (self-signed when issuer is
 * NULL). */
static X509 *make_cert(EVP_PKEY *key, const char *cn, X509 *issuer, EVP_PKEY *issuer_key, int days,
                       const char *const *exts)
{
    X509 *cert = X509_new();
    if (!cert)
        return NULL;
    unsigned char serial[16];
    BIGNUM *bn = NULL;
    ASN1_INTEGER *ai = NULL;
    if (RAND_bytes(serial, sizeof serial) != 1)
        goto error;
    serial[0] &= 0x7f; /* positive */
    bn = BN_bin2bn(serial, sizeof serial, NULL);
    ai = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
    if (!ai || X509_set_serialNumber(cert, ai) != 1)
        goto error;
    X509_set_version(cert, 2);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), (long)days * 86400);
    X509_set_pubkey(cert, key);
    X509_NAME *name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)"Stagelijn", -1, -1,
                               0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
    X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer) : name);
    X509 *iss = issuer ? issuer : cert;
    for (int i = 0; exts[i]; i += 2) {
        if (!add_ext(cert, iss, OBJ_txt2nid(exts[i]), exts[i + 1]))
            goto error;
    }
    if (!X509_sign(cert, issuer_key, EVP_sha256()))
        goto error;
    BN_free(bn);
    ASN1_INTEGER_free(ai);
    return cert;
error:
    BN_free(bn);
    ASN1_INTEGER_free(ai);
    X509_free(cert);
    return NULL;
}

static bool write_key(const char *path, EVP_PKEY *key)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return false;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        return false;
    }
    bool ok = PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) == 1;
    ok = (fflush(f) == 0) && ok && fsync(fd) == 0;
    return fclose(f) == 0 && ok;
}

static bool write_cert(const char *path, X509 *cert)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    bool ok = PEM_write_X509(f, cert) == 1;
    ok = (fflush(f) == 0) && ok && fsync(fileno(f)) == 0;
    return fclose(f) == 0 && ok;
}

static bool load_ca(const char *dir, X509 **ca, EVP_PKEY **ca_key)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/tls/ca.pem", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    *ca = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    snprintf(path, sizeof path, "%s/tls/ca.key", dir);
    f = fopen(path, "r");
    if (!f)
        return false;
    *ca_key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    return *ca && *ca_key;
}

bool devca_ensure(const char *data_dir, char *err, size_t errlen)
{
    char dir[1100], path[1200];
    snprintf(dir, sizeof dir, "%s/tls", data_dir);
    snprintf(path, sizeof path, "%s/ca.pem", dir);
    if (access(path, F_OK) == 0)
        return true;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
        return false;
    }

    bool ok = false;
    EVP_PKEY *ca_key = new_key(), *srv_key = new_key();
    X509 *ca = NULL, *srv = NULL;
    static const char *const ca_exts[] = {"basicConstraints",
                                          "critical,CA:TRUE,pathlen:0",
                                          "keyUsage",
                                          "critical,keyCertSign,cRLSign",
                                          "subjectKeyIdentifier",
                                          "hash",
                                          NULL};
    static const char *const srv_exts[] = {"basicConstraints",
                                           "critical,CA:FALSE",
                                           "keyUsage",
                                           "critical,digitalSignature",
                                           "extendedKeyUsage",
                                           "serverAuth",
                                           "subjectAltName",
                                           "DNS:localhost,IP:127.0.0.1,IP:::1",
                                           "authorityKeyIdentifier",
                                           "keyid",
                                           NULL};
    if (!ca_key || !srv_key) {
        fail(err, errlen, "key generation failed");
        goto out;
    }
    ca = make_cert(ca_key, "Stagelijn development CA", NULL, ca_key, CA_DAYS, ca_exts);
    srv = ca ? make_cert(srv_key, "localhost", ca, ca_key, LEAF_DAYS, srv_exts) : NULL;
    if (!ca || !srv) {
        fail(err, errlen, "certificate creation failed");
        goto out;
    }
    /* ca.pem last: its presence means the set is complete. */
    char p[1200];
    snprintf(p, sizeof p, "%s/ca.key", dir);
    if (!write_key(p, ca_key))
        goto write_failed;
    snprintf(p, sizeof p, "%s/server.key", dir);
    if (!write_key(p, srv_key))
        goto write_failed;
    snprintf(p, sizeof p, "%s/server.pem", dir);
    if (!write_cert(p, srv))
        goto write_failed;
    if (!write_cert(path, ca))
        goto write_failed;
    ok = true;
    goto out;
write_failed:
    snprintf(err, errlen, "cannot write %s: %s", p, strerror(errno));
out:
    X509_free(ca);
    X509_free(srv);
    EVP_PKEY_free(ca_key);
    EVP_PKEY_free(srv_key);
    ERR_clear_error();
    return ok;
}

/* The extensions of a device certificate; san (200 bytes) holds the company's URI SAN. */
static void device_exts(const char *company_id, char san[200], const char *exts[12])
{
    static const char *const base[8] = {"basicConstraints",
                                        "critical,CA:FALSE",
                                        "keyUsage",
                                        "critical,digitalSignature",
                                        "extendedKeyUsage",
                                        "clientAuth",
                                        "authorityKeyIdentifier",
                                        "keyid"};
    memset(exts, 0, 12 * sizeof *exts);
    memcpy(exts, base, sizeof base);
    if (company_id && company_id[0]) {
        snprintf(san, 200, "URI:urn:stagelijn:company:%s", company_id);
        exts[8] = "subjectAltName";
        exts[9] = san;
    }
}

bool devca_issue_device(const char *data_dir, const char *device_name, const char *company_id,
                        const char *cert_out, const char *key_out, char *err, size_t errlen)
{
    X509 *ca = NULL, *cert = NULL;
    EVP_PKEY *ca_key = NULL, *key = NULL;
    bool ok = false;
    char san[200];
    if (!load_ca(data_dir, &ca, &ca_key)) {
        fail(err, errlen, "cannot read the CA under DATA_DIR/tls");
        goto out;
    }
    const char *exts[12];
    device_exts(company_id, san, exts);
    key = new_key();
    cert = key ? make_cert(key, device_name, ca, ca_key, LEAF_DAYS, exts) : NULL;
    if (!cert) {
        fail(err, errlen, "certificate creation failed");
        goto out;
    }
    if (!write_key(key_out, key) || !write_cert(cert_out, cert)) {
        snprintf(err, errlen, "cannot write device certificate: %s", strerror(errno));
        goto out;
    }
    ok = true;
out:
    X509_free(ca);
    X509_free(cert);
    EVP_PKEY_free(ca_key);
    EVP_PKEY_free(key);
    ERR_clear_error();
    return ok;
}

/* The PEM text of what write() puts into a memory BIO, as a malloc'd string; NULL on failure. */
static char *bio_text(BIO *b)
{
    char *data;
    long n = BIO_get_mem_data(b, &data);
    char *out = n > 0 ? malloc((size_t)n + 1) : NULL;
    if (out) {
        memcpy(out, data, (size_t)n);
        out[n] = '\0';
    }
    return out;
}

static bool pem_texts(X509 *cert, EVP_PKEY *key, devca_issued *out)
{
    BIO *cb = BIO_new(BIO_s_mem()), *kb = BIO_new(BIO_s_mem());
    bool ok = cb && kb && PEM_write_bio_X509(cb, cert) == 1 &&
              PEM_write_bio_PrivateKey(kb, key, NULL, NULL, 0, NULL, NULL) == 1;
    if (ok) {
        out->cert_pem = bio_text(cb);
        out->key_pem = bio_text(kb);
        ok = out->cert_pem && out->key_pem;
    }
    BIO_free(cb);
    if (kb) {
        /* The key's text is cleared before the BIO's memory is given back. */
        char *data;
        long n = BIO_get_mem_data(kb, &data);
        if (n > 0)
            OPENSSL_cleanse(data, (size_t)n);
        BIO_free(kb);
    }
    return ok;
}

bool devca_issue_device_pem(const char *data_dir, const char *device_name, const char *company_id,
                            devca_issued *out, char *err, size_t errlen)
{
    X509 *ca = NULL, *cert = NULL;
    EVP_PKEY *ca_key = NULL, *key = NULL;
    bool ok = false;
    char san[200];
    const char *exts[12];
    struct tm tm;
    memset(out, 0, sizeof *out);
    if (!load_ca(data_dir, &ca, &ca_key)) {
        fail(err, errlen, "cannot read the CA under DATA_DIR/tls");
        goto out;
    }
    device_exts(company_id, san, exts);
    key = new_key();
    cert = key ? make_cert(key, device_name, ca, ca_key, LEAF_DAYS, exts) : NULL;
    if (!cert || !sl_tls_cert_serial(cert, out->serial, sizeof out->serial) ||
        ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) != 1 || !pem_texts(cert, key, out)) {
        fail(err, errlen, "certificate creation failed");
        devca_issued_free(out);
        goto out;
    }
    out->not_after = (int64_t)timegm(&tm);
    ok = true;
out:
    X509_free(ca);
    X509_free(cert);
    EVP_PKEY_free(ca_key);
    EVP_PKEY_free(key);
    ERR_clear_error();
    return ok;
}

void devca_issued_free(devca_issued *d)
{
    if (!d)
        return;
    if (d->key_pem)
        OPENSSL_cleanse(d->key_pem, strlen(d->key_pem));
    free(d->key_pem);
    free(d->cert_pem);
    d->key_pem = d->cert_pem = NULL;
}

/* The company id of a device certificate's URI SAN (urn:stagelijn:company:ID) into id[n];
 * "" when there is none. */
static void san_company(X509 *cert, char *id, size_t n)
{
    static const char prefix[] = "urn:stagelijn:company:";
    id[0] = '\0';
    GENERAL_NAMES *names = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
    for (int i = 0; names && i < sk_GENERAL_NAME_num(names); i++) {
        const GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
        if (g->type != GEN_URI)
            continue;
        const char *uri = (const char *)ASN1_STRING_get0_data(g->d.uniformResourceIdentifier);
        int len = ASN1_STRING_length(g->d.uniformResourceIdentifier);
        size_t pl = sizeof prefix - 1;
        if (len > (int)pl && (size_t)len - pl < n && !memcmp(uri, prefix, pl)) {
            memcpy(id, uri + pl, (size_t)len - pl);
            id[len - pl] = '\0';
        }
    }
    GENERAL_NAMES_free(names);
}

/* Whether the certificate is a device's: not a CA, for client authentication. */
static bool is_device_cert(X509 *cert)
{
    return !X509_check_ca(cert) && (X509_get_extension_flags(cert) & EXFLAG_XKUSAGE) &&
           (X509_get_extended_key_usage(cert) & XKU_SSL_CLIENT);
}

bool devca_read_device(const char *data_dir, const char *pem, devca_device *out, char *err,
                       size_t errlen)
{
    X509 *ca = NULL, *cert = NULL;
    EVP_PKEY *ca_key = NULL;
    BIO *b = BIO_new_mem_buf(pem, -1);
    struct tm tm;
    bool ok = false;
    memset(out, 0, sizeof *out);
    cert = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
    if (!cert)
        fail(err, errlen, "not a PEM certificate");
    else if (!load_ca(data_dir, &ca, &ca_key))
        fail(err, errlen, "cannot read the CA under DATA_DIR/tls");
    else if (X509_verify(cert, X509_get0_pubkey(ca)) != 1 ||
             X509_check_issued(ca, cert) != X509_V_OK)
        fail(err, errlen, "the certificate was not issued by this school's CA");
    else if (!is_device_cert(cert))
        fail(err, errlen, "not a device (client) certificate");
    else if (!sl_tls_cert_serial(cert, out->serial, sizeof out->serial) ||
             ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) != 1 ||
             X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName,
                                       out->device_name, sizeof out->device_name) < 0)
        fail(err, errlen, "the certificate has no serial, end of validity or common name");
    else {
        out->not_after = (int64_t)timegm(&tm);
        san_company(cert, out->company_id, sizeof out->company_id);
        ok = true;
    }
    BIO_free(b);
    X509_free(cert);
    X509_free(ca);
    EVP_PKEY_free(ca_key);
    ERR_clear_error();
    return ok;
}

/* The whole of a small text file (a certificate) as a malloc'd string; NULL on failure. */
static char *read_small_file(const char *path)
{
    FILE *f = fopen(path, "r");
    char *buf = f ? calloc(1, 65537) : NULL;
    if (buf && fread(buf, 1, 65536, f) == 0) {
        free(buf);
        buf = NULL;
    }
    if (f)
        fclose(f);
    return buf;
}

bool devca_register_file(const char *data_dir, const char *cert_path, int64_t now, char *err,
                         size_t errlen)
{
    devca_device d;
    char *pem = read_small_file(cert_path);
    if (!pem) {
        snprintf(err, errlen, "cannot read %.300s: %s", cert_path, strerror(errno));
        return false;
    }
    bool ok = devca_read_device(data_dir, pem, &d, err, errlen);
    free(pem);
    if (!ok)
        return false;
    char path[1100];
    snprintf(path, sizeof path, "%s/stagelijn.db", data_dir);
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_busy_timeout(db, 5000);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
                                "INSERT OR IGNORE INTO device_certs (serial, company_id, "
                                "device_name, not_after, issued_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, d.serial, -1, SQLITE_STATIC);
        if (d.company_id[0])
            sqlite3_bind_text(st, 2, d.company_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, d.device_name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, d.not_after);
        sqlite3_bind_int64(st, 5, now);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
    }
    if (rc != SQLITE_OK)
        snprintf(err, errlen, "cannot enter the certificate in %.300s: %.100s", path,
                 db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc == SQLITE_OK;
}

/* Adds one revoked serial (upper-case hex) with its time to the CRL. */
static bool crl_add(X509_CRL *crl, const char *serial_hex, int64_t revoked_at)
{
    BIGNUM *bn = NULL;
    X509_REVOKED *rev = X509_REVOKED_new();
    ASN1_INTEGER *serial = NULL;
    ASN1_TIME *when = ASN1_TIME_set(NULL, (time_t)revoked_at);
    bool ok = rev && when && BN_hex2bn(&bn, serial_hex) > 0 &&
              (serial = BN_to_ASN1_INTEGER(bn, NULL)) != NULL &&
              X509_REVOKED_set_serialNumber(rev, serial) == 1 &&
              X509_REVOKED_set_revocationDate(rev, when) == 1 && X509_CRL_add0_revoked(crl, rev);
    if (ok)
        rev = NULL; /* the CRL owns it now */
    X509_REVOKED_free(rev);
    ASN1_INTEGER_free(serial);
    ASN1_TIME_free(when);
    BN_free(bn);
    return ok;
}

/* The CRL's header: issuer, times, CRL number. */
static bool crl_header(X509_CRL *crl, X509 *ca, int64_t now)
{
    ASN1_TIME *last = ASN1_TIME_set(NULL, (time_t)now);
    ASN1_INTEGER *number = ASN1_INTEGER_new();
    bool ok = last && number && X509_CRL_set_version(crl, X509_CRL_VERSION_2) == 1 &&
              X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca)) == 1 &&
              X509_CRL_set1_lastUpdate(crl, last) == 1 &&
              X509_CRL_set1_nextUpdate(crl, X509_get0_notAfter(ca)) == 1 &&
              ASN1_INTEGER_set_int64(number, now) == 1 &&
              X509_CRL_add1_ext_i2d(crl, NID_crl_number, number, 0, 0) == 1;
    ASN1_TIME_free(last);
    ASN1_INTEGER_free(number);
    return ok;
}

/* Every revoked serial of the register into the CRL. */
static bool crl_entries(X509_CRL *crl, store *st)
{
    sqlite3_stmt *q = store_query(st,
                                  "SELECT serial, revoked_at FROM device_certs "
                                  "WHERE revoked_at IS NOT NULL ORDER BY serial",
                                  SB_NONE);
    bool row, ok = q != NULL;
    sl_status s = SL_OK;
    while (ok && (s = store_next(q, &row)) == SL_OK && row)
        ok = crl_add(crl, store_col(q, 0), sqlite3_column_int64(q, 1));
    if (q)
        store_stmt_done(q);
    return ok && s == SL_OK;
}

static bool write_crl(const char *data_dir, X509_CRL *crl)
{
    char path[1100], tmp[1120];
    snprintf(path, sizeof path, "%s/tls/devices.crl.pem", data_dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    bool ok = PEM_write_X509_CRL(f, crl) == 1 && fflush(f) == 0 && fsync(fileno(f)) == 0;
    ok = fclose(f) == 0 && ok && rename(tmp, path) == 0;
    if (!ok)
        unlink(tmp);
    return ok;
}

bool devca_publish_crl(store *st, const char *data_dir, int64_t now, char *err, size_t errlen)
{
    X509 *ca = NULL;
    EVP_PKEY *ca_key = NULL;
    X509_CRL *crl = X509_CRL_new();
    bool ok = false;
    if (!crl)
        fail(err, errlen, "out of memory");
    else if (!load_ca(data_dir, &ca, &ca_key))
        fail(err, errlen, "cannot read the CA under DATA_DIR/tls");
    else if (!crl_header(crl, ca, now) || !crl_entries(crl, st))
        fail(err, errlen, "cannot make the revocation list (database or memory)");
    else if (X509_CRL_sort(crl) != 1 || X509_CRL_sign(crl, ca_key, EVP_sha256()) <= 0)
        fail(err, errlen, "cannot sign the revocation list");
    else if (!write_crl(data_dir, crl))
        snprintf(err, errlen, "cannot write DATA_DIR/tls/devices.crl.pem: %s", strerror(errno));
    else
        ok = true;
    X509_CRL_free(crl);
    X509_free(ca);
    EVP_PKEY_free(ca_key);
    ERR_clear_error();
    return ok;
}
