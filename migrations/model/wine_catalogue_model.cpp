// The example's model plugin (retort_add_model): what `--model` loads.
#include <retort/model.hpp>

#include "wine_catalogue.hpp"

RETORT_MODEL(retort::examples::wine_catalogue);
