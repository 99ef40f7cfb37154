//! v2 list pagination: send `X-Pagination-Cursor: <cursor>`, read
//! `X-Pagination-Cursor-Next` (absent on the last page).

use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use super::client::ApiClient;
use super::error::ApiError;
use super::request::ApiRequest;

/// Stops a server that keeps answering with cursors from looping forever.
const MAX_PAGES: usize = 10_000;

pub struct Pages<T> {
    client: ApiClient,
    request: ApiRequest,
    cursor: Option<String>,
    finished: bool,
    fetched: usize,
    _item: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Pages<T> {
    pub(crate) fn new(client: ApiClient, request: ApiRequest) -> Self {
        Pages {
            client,
            request,
            cursor: None,
            finished: false,
            fetched: 0,
            _item: PhantomData,
        }
    }

    /// Asks for `size` items per page (`X-Pagination-Size`).
    pub fn page_size(mut self, size: u32) -> Self {
        self.request = self.request.header("X-Pagination-Size", size.to_string());
        self
    }

    /// The next page, or `None` after the last one.
    pub async fn next_page(&mut self) -> Result<Option<Vec<T>>, ApiError> {
        if self.finished {
            return Ok(None);
        }
        let mut request = self.request.clone();
        if let Some(cursor) = &self.cursor {
            request = request.header("X-Pagination-Cursor", cursor.clone());
        }
        let response = self.client.send(request).await?;
        let items: Vec<T> = response.json()?;
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
        Ok(Some(items))
    }

    pub async fn collect_all(mut self) -> Result<Vec<T>, ApiError> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await? {
            all.extend(page);
        }
        Ok(all)
    }
}
