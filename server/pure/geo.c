#include "geo.h"

#include <math.h>

#define GEO_PI 3.14159265358979323846

static double rad(double deg)
{
    return deg * (GEO_PI / 180.0);
}

bool geo_valid(double lat, double lon)
{
    return isfinite(lat) && isfinite(lon) && lat >= -90.0 && lat <= 90.0 && lon >= -180.0 &&
           lon <= 180.0;
}

double geo_distance_km(double lat1, double lon1, double lat2, double lon2)
{
    double dlat = rad(lat2 - lat1), dlon = rad(lon2 - lon1);
    double s1 = sin(dlat / 2.0), s2 = sin(dlon / 2.0);
    double h = s1 * s1 + cos(rad(lat1)) * cos(rad(lat2)) * s2 * s2;
    /* Rounding can push h a hair above 1 for antipodal points; asin would return NaN. */
    if (h > 1.0)
        h = 1.0;
    return 2.0 * GEO_EARTH_RADIUS_KM * asin(sqrt(h));
}

void geo_route_nearest(const double *lat, const double *lon, size_t n, double start_lat,
                       double start_lon, size_t *order_out, double *legs_km_out)
{
    /* order_out doubles as the set of unvisited points: positions k..n-1 are still open,
     * so the route needs no memory of its own. */
    for (size_t i = 0; i < n; i++)
        order_out[i] = i;
    double cur_lat = start_lat, cur_lon = start_lon;
    for (size_t k = 0; k < n; k++) {
        size_t best = k;
        double best_km = geo_distance_km(cur_lat, cur_lon, lat[order_out[k]], lon[order_out[k]]);
        for (size_t j = k + 1; j < n; j++) {
            double d = geo_distance_km(cur_lat, cur_lon, lat[order_out[j]], lon[order_out[j]]);
            if (d < best_km || (d == best_km && order_out[j] < order_out[best])) {
                best = j;
                best_km = d;
            }
        }
        size_t tmp = order_out[k];
        order_out[k] = order_out[best];
        order_out[best] = tmp;
        if (legs_km_out)
            legs_km_out[k] = best_km;
        cur_lat = lat[order_out[k]];
        cur_lon = lon[order_out[k]];
    }
}
