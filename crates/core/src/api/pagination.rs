//! v2 list pagination: send `X-Pagination-Cursor: <cursor>`, read
//! `X-Pagination-Cursor-Next` (absent on the last page).

use super::error::ApiError;
use super::request::{ApiRequest, ApiResponse};

/// Stops a server that keeps answering with cursors from looping forever.
const MAX_PAGES: usize = 10_000;

/// Where a walk through a cursor-paginated list stands.
#[derive(Debug, Default)]
pub(crate) struct CursorPages {
    cursor: Option<String>,
    finished: bool,
    fetched: usize,
}

impl CursorPages {
    /// The request for the next page, or `None` after the last one.
    pub(crate) fn next_request(&self, first: &ApiRequest) -> Option<ApiRequest> {
        if self.finished {
            return None;
        }
        Some(match &self.cursor {
            Some(cursor) => first.clone().header("X-Pagination-Cursor", cursor.clone()),
            None => first.clone(),
        })
    }

    /// Reads the next cursor from the page just received.
    pub(crate) fn advance(&mut self, response: &ApiResponse) -> Result<(), ApiError> {
        self.fetched += 1;
        match response.next_cursor() {
            Some(next) if self.cursor.as_deref() == Some(next) || self.fetched >= MAX_PAGES => {
                return Err(ApiError::Malformed {
                    ctx: Box::new(response.context.clone()),
                    detail: "the pagination cursor does not advance".into(),
                });
            }
            Some(next) => self.cursor = Some(next.to_owned()),
            None => self.finished = true,
        }
        Ok(())
    }
}
