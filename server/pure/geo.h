/* Distances on the earth for matching (cycling distance from a student's home) and for the
 * coach's visit route. Pure: no I/O, no allocation, no global state. Coordinates are decimal
 * degrees (WGS84); the earth is taken as a sphere, which is within 0.5 % of the ellipsoid,
 * far below the uncertainty of "cycling distance" itself. */
#ifndef SL_GEO_H
#define SL_GEO_H

#include <stdbool.h>
#include <stddef.h>

/* The IUGG mean earth radius. */
#define GEO_EARTH_RADIUS_KM 6371.0088

/* True for a latitude in [-90, 90] and a longitude in [-180, 180] (both finite). */
bool geo_valid(double lat, double lon);

/* Great-circle distance in km between two points (haversine formula). */
double geo_distance_km(double lat1, double lon1, double lat2, double lon2);

/* Orders n points into a route from (start_lat, start_lon) by always going to the nearest
 * point not yet visited (ties: the lower index first). order_out[k] is the index of the k-th
 * stop; legs_km_out[k] (may be NULL) the distance from the previous stop, or from the start
 * for k = 0. Both arrays hold n elements; n = 0 does nothing. Nearest-neighbour is not the
 * shortest tour, but for the handful of visits a coach makes in one day it gives a route a
 * person recognises as sensible, and it is deterministic. */
void geo_route_nearest(const double *lat, const double *lon, size_t n, double start_lat,
                       double start_lon, size_t *order_out, double *legs_km_out);

#endif
