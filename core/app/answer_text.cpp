#include "app/answer_text.h"

#include "ui_strings.h"

namespace tb::ui {

const char* unanswered_text(guide::Unanswered u) {
  switch (u) {
    case guide::Unanswered::None: return "";
    case guide::Unanswered::Empty: return kAskEmpty;
    case guide::Unanswered::NoSubject: return kAskNoSubject;
    case guide::Unanswered::TooLong: return kAskTooLong;
    case guide::Unanswered::NoMatch: return kSearchNothing;
  }
  return "";
}

const char* aspect_title(proto::Aspect a) {
  switch (a) {
    case proto::ASPECT_MATERIALS: return kSectionMaterials;
    case proto::ASPECT_PLACE: return kSectionHalls;
    case proto::ASPECT_TIME: return kFactTime;
    case proto::ASPECT_FEE: return kFactFee;
    case proto::ASPECT_ONLINE: return kFactChannels;
    case proto::ASPECT_CONDITIONS: return kSectionConditions;
    case proto::ASPECT_STEPS: return kSectionFlow;
    default: return "";
  }
}

}  // namespace tb::ui
