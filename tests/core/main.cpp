#define BOOST_TEST_MODULE tongban core
#include <boost/test/unit_test.hpp>
