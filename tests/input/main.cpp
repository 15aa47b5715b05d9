#define BOOST_TEST_MODULE tongban kiosk input
#include <boost/test/unit_test.hpp>
