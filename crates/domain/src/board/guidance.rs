//! Delivery of the board guidance (SPEC §4): to the customer when a joint
//! project is agreed, then to every named member, then reviewed by the
//! project manager at the start of the first board meeting. Steps are taken
//! in order only. An internal project has no customer to send to, so its
//! workflow starts at the members.

use crate::choice::choice;
use chrono::{Duration, NaiveDate};

/// Days the members have to receive the guidance after the customer did
/// (or, in an internal project, after the project starts).
pub const MEMBERS_DUE_DAYS: i64 = 7;

choice!(
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    Step {
        SentToCustomer => "sent_to_customer",
        SentToMembers => "sent_to_members",
        ReviewedAtFirstMeeting => "reviewed_at_first_meeting",
    }
);

impl Step {
    fn index(self) -> usize {
        match self {
            Step::SentToCustomer => 0,
            Step::SentToMembers => 1,
            Step::ReviewedAtFirstMeeting => 2,
        }
    }
}

/// The steps a project's guidance goes through.
pub fn steps(customer_project: bool) -> &'static [Step] {
    if customer_project { &Step::ALL } else { &Step::ALL[1..] }
}

/// What the workflow knows: which steps are done and on which date, and
/// the facts the due dates and preconditions hang on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts {
    pub customer_project: bool,
    /// Done dates by step index.
    pub done: [Option<NaiveDate>; 3],
    /// The project's start date, if set.
    pub starts_on: Option<NaiveDate>,
    /// The first board meeting's date, if one is recorded.
    pub first_meeting: Option<NaiveDate>,
    /// Whether the board meets every rule but the advisory ones.
    pub board_complete: bool,
}

impl Facts {
    fn done_on(&self, s: Step) -> Option<NaiveDate> {
        self.done[s.index()]
    }

    /// The step to take next, if any is left.
    pub fn next(&self) -> Option<Step> {
        steps(self.customer_project).iter().copied().find(|s| self.done_on(*s).is_none())
    }

    /// When a step is due: the customer's copy by the project start; the
    /// members' seven days after the customer's (internal: after the start);
    /// the review at the first meeting.
    pub fn due(&self, s: Step) -> Option<NaiveDate> {
        match s {
            Step::SentToCustomer => self.starts_on,
            Step::SentToMembers => {
                let from = if self.customer_project { self.done_on(Step::SentToCustomer) } else { self.starts_on };
                from.map(|d| d + Duration::days(MEMBERS_DUE_DAYS))
            }
            Step::ReviewedAtFirstMeeting => self.first_meeting,
        }
    }

    /// A step not done whose due date has passed by `today`.
    pub fn overdue(&self, s: Step, today: NaiveDate) -> bool {
        steps(self.customer_project).contains(&s)
            && self.done_on(s).is_none()
            && self.due(s).is_some_and(|due| due < today)
    }

    /// Whether `s` may be recorded now: in order only, the members' copy
    /// only for a complete board, the review only once a meeting exists.
    pub fn may_record(&self, s: Step) -> Result<(), &'static str> {
        if !steps(self.customer_project).contains(&s) {
            return Err("guidance-error-not-applicable");
        }
        if self.done_on(s).is_some() {
            return Err("guidance-error-done");
        }
        if self.next() != Some(s) {
            return Err("guidance-error-order");
        }
        match s {
            Step::SentToMembers if !self.board_complete => Err("guidance-error-board-incomplete"),
            Step::ReviewedAtFirstMeeting if self.first_meeting.is_none() => Err("guidance-error-no-meeting"),
            _ => Ok(()),
        }
    }
}
