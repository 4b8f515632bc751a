/* Unit tests for server/pure/geo.c: great-circle distances against known values and the
 * nearest-neighbour visit route. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "geo.h"

#define UTRECHT_LAT 52.0907
#define UTRECHT_LON 5.1214
#define AMSTERDAM_LAT 52.3676
#define AMSTERDAM_LON 4.9041
#define ROTTERDAM_LAT 51.9244
#define ROTTERDAM_LON 4.4777

static void assert_near(double got, double want, double tolerance)
{
    if (fabs(got - want) > tolerance)
        fail_msg("got %.4f, want %.4f +- %.4f", got, want, tolerance);
}

static void test_known_city_distances(void **state)
{
    (void)state;
    /* Utrecht to Amsterdam, centre to centre: about 34 km as the crow flies. */
    assert_near(geo_distance_km(UTRECHT_LAT, UTRECHT_LON, AMSTERDAM_LAT, AMSTERDAM_LON), 34.16,
                0.05);
    assert_near(geo_distance_km(ROTTERDAM_LAT, ROTTERDAM_LON, UTRECHT_LAT, UTRECHT_LON), 47.78,
                0.05);
    /* Symmetric. */
    assert_near(geo_distance_km(AMSTERDAM_LAT, AMSTERDAM_LON, UTRECHT_LAT, UTRECHT_LON),
                geo_distance_km(UTRECHT_LAT, UTRECHT_LON, AMSTERDAM_LAT, AMSTERDAM_LON), 1e-9);
}

static void test_sphere_geometry(void **state)
{
    (void)state;
    double one_degree = 2.0 * 3.14159265358979323846 * GEO_EARTH_RADIUS_KM / 360.0;
    assert_near(geo_distance_km(0, 0, 0, 1), one_degree, 1e-6);
    assert_near(geo_distance_km(0, 0, 1, 0), one_degree, 1e-6);
    /* A degree of longitude shrinks with cos(latitude); a degree of latitude does not. */
    assert_near(geo_distance_km(60, 10, 60, 11), one_degree / 2.0, 0.01);
    assert_near(geo_distance_km(52.0907, 5.1214, 52.1907, 5.1214), one_degree / 10.0, 1e-6);
    /* Pole to pole and antipodes: half the circumference, no NaN from rounding. */
    assert_near(geo_distance_km(90, 0, -90, 0), 20015.11, 0.01);
    assert_near(geo_distance_km(0, 0, 0, 180), 20015.11, 0.01);
    assert_near(geo_distance_km(10, 20, -10, -160), 20015.11, 0.01);
    assert_near(geo_distance_km(UTRECHT_LAT, UTRECHT_LON, UTRECHT_LAT, UTRECHT_LON), 0.0, 0.0);
    /* Across the antimeridian the short way round. */
    assert_near(geo_distance_km(0, 179.5, 0, -179.5), one_degree, 1e-6);
}

static void test_valid(void **state)
{
    (void)state;
    assert_true(geo_valid(52.09, 5.12));
    assert_true(geo_valid(-90, -180));
    assert_true(geo_valid(90, 180));
    assert_false(geo_valid(90.0001, 0));
    assert_false(geo_valid(0, -180.0001));
    assert_false(geo_valid(NAN, 0));
    assert_false(geo_valid(0, INFINITY));
}

static void test_route_nearest_neighbour(void **state)
{
    (void)state;
    /* Points along the equator east of the start, given out of order; the route visits them
     * west to east with legs of one degree each except the first. */
    const double lat[4] = {0, 0, 0, 0};
    const double lon[4] = {3, 1, 4, 2};
    size_t order[4];
    double legs[4];
    geo_route_nearest(lat, lon, 4, 0, 0, order, legs);
    assert_int_equal(order[0], 1);
    assert_int_equal(order[1], 3);
    assert_int_equal(order[2], 0);
    assert_int_equal(order[3], 2);
    double deg = geo_distance_km(0, 0, 0, 1);
    for (int i = 0; i < 4; i++)
        assert_near(legs[i], deg, 1e-6);
}

static void test_route_greedy_not_optimal_but_deterministic(void **state)
{
    (void)state;
    /* From Utrecht: Amsterdam (34 km) is nearer than Rotterdam (48 km), so it comes first;
     * ties go to the lower index. */
    const double lat[3] = {ROTTERDAM_LAT, AMSTERDAM_LAT, AMSTERDAM_LAT};
    const double lon[3] = {ROTTERDAM_LON, AMSTERDAM_LON, AMSTERDAM_LON};
    size_t order[3];
    double legs[3];
    geo_route_nearest(lat, lon, 3, UTRECHT_LAT, UTRECHT_LON, order, legs);
    assert_int_equal(order[0], 1);
    assert_int_equal(order[1], 2);
    assert_int_equal(order[2], 0);
    assert_near(legs[0], 34.16, 0.05);
    assert_near(legs[1], 0.0, 0.0);
    assert_near(legs[2],
                geo_distance_km(AMSTERDAM_LAT, AMSTERDAM_LON, ROTTERDAM_LAT, ROTTERDAM_LON), 1e-9);
}

static void test_route_edge_cases(void **state)
{
    (void)state;
    size_t order[1] = {99};
    double legs[1] = {-1};
    /* n = 0 touches nothing. */
    geo_route_nearest(NULL, NULL, 0, 0, 0, order, legs);
    assert_int_equal(order[0], 99);
    assert_near(legs[0], -1, 0);
    /* One point; the legs array is optional. */
    const double lat[1] = {AMSTERDAM_LAT}, lon[1] = {AMSTERDAM_LON};
    geo_route_nearest(lat, lon, 1, UTRECHT_LAT, UTRECHT_LON, order, NULL);
    assert_int_equal(order[0], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_city_distances),
        cmocka_unit_test(test_sphere_geometry),
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_route_nearest_neighbour),
        cmocka_unit_test(test_route_greedy_not_optimal_but_deterministic),
        cmocka_unit_test(test_route_edge_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
