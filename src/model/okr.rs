//! A year's objectives and key results, as declared in `content/okrs/<year>.yaml`.

use super::{Date, KeyResultId, ObjectiveId, SourcePath, Spans};
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct OkrYear {
    pub year: i32,
    pub source: SourcePath,
    /// Where each value of the file is written.
    #[serde(skip)]
    pub spans: Spans,
    pub objectives: Vec<Objective>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Objective {
    pub id: ObjectiveId,
    pub text: String,
    pub key_results: Vec<KeyResult>,
}

#[derive(Clone, Debug, Serialize)]
pub struct KeyResult {
    pub id: KeyResultId,
    pub text: String,
    pub due: Option<Date>,
}

impl OkrYear {
    pub fn key_results(&self) -> impl Iterator<Item = &KeyResult> {
        self.objectives.iter().flat_map(|o| &o.key_results)
    }

    pub fn key_result(&self, id: KeyResultId) -> Option<&KeyResult> {
        self.key_results().find(|kr| kr.id == id)
    }
}
