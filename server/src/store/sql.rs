//! The SQL of the store, written once for both backends: [`sql_store!`] implements every
//! method of the `Store` trait, grouped by concern (assessments and their links, what the team
//! answered, the room), for a backend's store type.

/// Implements [`Store`](app::store::Store) for a store type with a `pool` and a `key` field.
/// The SQL is portable between Postgres and SQLite, so both backends share these bodies; what
/// differs (connection options, migrations) lives in [`super::open`].
macro_rules! sql_store {
    ($store:ty) => {
        impl $store {
            /// The current links, with their stored form brought up to date (see `queries::Repair`).
            async fn repaired_links(
                &self,
                assessment_id: &domain::AssessmentId,
                facilitator_token: &domain::access::Token,
            ) -> Result<domain::access::Links, app::store::StoreError> {
                let (links, repairs) =
                    $crate::store::queries::current_links(&self.pool, &self.key, assessment_id, facilitator_token).await?;
                for repair in repairs {
                    sqlx::query($crate::store::queries::REPAIR_LINK)
                        .bind(repair.sealed)
                        .bind(repair.code_hash)
                        .bind(repair.code_sealed)
                        .bind(assessment_id.as_str())
                        .bind(repair.kind.slug())
                        .execute(&self.pool)
                        .await
                        .map_err($crate::store::queries::store_error)?;
                }
                Ok(links)
            }

            /// Records that something in the assessment was written (see `Store::delete_untouched`).
            async fn touch(&self, assessment_id: &domain::AssessmentId) -> Result<(), app::store::StoreError> {
                sqlx::query("UPDATE assessments SET touched_at_ms = $1 WHERE id = $2")
                    .bind(app::store::now_ms())
                    .bind(assessment_id.as_str())
                    .execute(&self.pool)
                    .await
                    .map(drop)
                    .map_err($crate::store::queries::store_error)
            }

            /// The JSON document an assessment keeps in `table` (one row per assessment:
            /// `assessment_id`, `column`, `updated_at_ms`), if it saved one.
            async fn document<T: serde::de::DeserializeOwned>(
                &self,
                table: &str,
                column: &str,
                assessment_id: &domain::AssessmentId,
            ) -> Result<Option<T>, app::store::StoreError> {
                let sql = format!("SELECT {column} FROM {table} WHERE assessment_id = $1");
                let row: Option<(String,)> = sqlx::query_as(&sql)
                    .bind(assessment_id.as_str())
                    .fetch_optional(&self.pool)
                    .await
                    .map_err($crate::store::queries::store_error)?;
                row.map(|(json,)| serde_json::from_str(&json))
                    .transpose()
                    .map_err(|e| app::store::StoreError::Internal(Box::new(e)))
            }

            /// A versioned JSON document an assessment keeps in `table` (one row per assessment:
            /// `assessment_id`, `column`, `version`, `updated_at_ms`), with its version.
            async fn versioned_document<T: serde::de::DeserializeOwned>(
                &self,
                table: &str,
                column: &str,
                assessment_id: &domain::AssessmentId,
            ) -> Result<Option<(T, i64)>, app::store::StoreError> {
                let sql = format!("SELECT {column}, version FROM {table} WHERE assessment_id = $1");
                let row: Option<(String, i64)> = sqlx::query_as(&sql)
                    .bind(assessment_id.as_str())
                    .fetch_optional(&self.pool)
                    .await
                    .map_err($crate::store::queries::store_error)?;
                row.map(|(json, version)| serde_json::from_str(&json).map(|value| (value, version)))
                    .transpose()
                    .map_err(|e| app::store::StoreError::Internal(Box::new(e)))
            }

            /// Saves a versioned JSON document in `table` (its `column`) as [`Self::save_versioned`]
            /// does; when another save came first, returns what is saved now.
            async fn save_versioned_document<T: serde::Serialize + serde::de::DeserializeOwned + Sync>(
                &self,
                table: &str,
                column: &str,
                assessment_id: &domain::AssessmentId,
                value: &T,
                version: i64,
            ) -> Result<domain::walkthrough::Saved<Option<(T, i64)>>, app::store::StoreError> {
                use domain::walkthrough::Saved;

                let json = serde_json::to_string(value).map_err(|e| app::store::StoreError::Internal(Box::new(e)))?;
                if self.save_versioned(table, &[column], &[&json], assessment_id, version).await? {
                    return Ok(Saved::Version(version + 1));
                }
                Ok(Saved::Conflict(self.versioned_document(table, column, assessment_id).await?))
            }

            /// Writes the `values` of `columns` into `table`'s row of the assessment (one row per
            /// assessment, with `version` and `updated_at_ms`), edited from `version`: as its
            /// first version when `version` is 0 and there is no row yet, else over that version.
            /// One statement either way, so of two concurrent saves of one version only one is
            /// written; whether this one was.
            async fn save_versioned(
                &self,
                table: &str,
                columns: &[&str],
                values: &[&str],
                assessment_id: &domain::AssessmentId,
                version: i64,
            ) -> Result<bool, app::store::StoreError> {
                let n = columns.len();
                let sql = if version == 0 {
                    let places: Vec<String> = (2..n + 2).map(|i| format!("${i}")).collect();
                    format!(
                        "INSERT INTO {table} (assessment_id, {}, version, updated_at_ms) VALUES ($1, {}, 1, ${}) \
                         ON CONFLICT (assessment_id) DO NOTHING",
                        columns.join(", "),
                        places.join(", "),
                        n + 2
                    )
                } else {
                    let sets: Vec<String> = columns.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 2)).collect();
                    format!(
                        "UPDATE {table} SET {}, version = version + 1, updated_at_ms = ${} \
                         WHERE assessment_id = $1 AND version = ${}",
                        sets.join(", "),
                        n + 2,
                        n + 3
                    )
                };
                let mut query = sqlx::query(&sql).bind(assessment_id.as_str());
                for value in values {
                    query = query.bind(*value);
                }
                query = query.bind(app::store::now_ms());
                if version != 0 {
                    query = query.bind(version);
                }
                let written = query
                    .execute(&self.pool)
                    .await
                    .map_err($crate::store::queries::store_error)?;
                if written.rows_affected() == 1 {
                    self.touch(assessment_id).await?;
                    return Ok(true);
                }
                Ok(false)
            }

            /// The decision record's wording and status, if they were ever saved.
            async fn saved_decision(
                &self,
                assessment_id: &domain::AssessmentId,
            ) -> Result<Option<domain::decision::Decision>, app::store::StoreError> {
                let row = sqlx::query_as::<_, $crate::store::rows::DecisionRow>(
                    "SELECT wording, status, version, updated_at_ms FROM decisions WHERE assessment_id = $1",
                )
                .bind(assessment_id.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::store::queries::store_error)?;
                row.map(domain::decision::Decision::try_from)
                    .transpose()
                    .map_err(|e| app::store::StoreError::Internal(e.message.into()))
            }

            /// Saves an assessment's JSON document in `table`, replacing the one before.
            async fn save_document<T: serde::Serialize + ?Sized + Sync>(
                &self,
                table: &str,
                column: &str,
                assessment_id: &domain::AssessmentId,
                value: &T,
            ) -> Result<(), app::store::StoreError> {
                let json = serde_json::to_string(value).map_err(|e| app::store::StoreError::Internal(Box::new(e)))?;
                let sql = format!(
                    "INSERT INTO {table} (assessment_id, {column}, updated_at_ms) VALUES ($1, $2, $3) \
                     ON CONFLICT (assessment_id) DO UPDATE SET {column} = excluded.{column}, updated_at_ms = excluded.updated_at_ms"
                );
                sqlx::query(&sql)
                    .bind(assessment_id.as_str())
                    .bind(json)
                    .bind(app::store::now_ms())
                    .execute(&self.pool)
                    .await
                    .map_err($crate::store::queries::store_error)?;
                self.touch(assessment_id).await
            }
        }

        #[async_trait::async_trait]
        impl app::store::Store for $store {
            // Assessments and their links.
            async fn create_assessment(
                &self,
                draft: &domain::AssessmentDraft,
                content_version: &str,
            ) -> Result<(domain::Assessment, domain::access::Links), app::store::StoreError> {
                let empty = domain::transfer::ValidImport::empty(draft.clone());
                app::store::Store::import_assessment(self, &empty, content_version).await
            }

            async fn import_assessment(
                &self,
                import: &domain::transfer::ValidImport,
                content_version: &str,
            ) -> Result<(domain::Assessment, domain::access::Links), app::store::StoreError> {
                use domain::access::{LinkKind, Links, Token};
                use app::store::now_ms;
                use $crate::store::queries::store_error;
                use $crate::store::{links, new_id};

                let now = now_ms();
                let participant = Token::new(new_id());
                let links = Links {
                    facilitator: Token::new(new_id()),
                    join_code: links::join_code(participant.expose()),
                    participant,
                    read_only: Token::new(new_id()),
                };
                let mut tx = self.pool.begin().await.map_err(store_error)?;
                if let Some(content) = &import.content {
                    sqlx::query($crate::store::queries::SAVE_CONTENT)
                        .bind(&content.version)
                        .bind(domain::content::organisation::to_stored(content))
                        .bind(now)
                        .execute(&mut *tx)
                        .await
                        .map_err(store_error)?;
                }
                let assessment: domain::Assessment =
                    sqlx::query_as::<_, $crate::store::rows::AssessmentRow>(&format!(
                        "INSERT INTO assessments \
                     (id, title, description, created_at_ms, updated_at_ms, touched_at_ms, content_version) \
                     VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING {}",
                        $crate::store::rows::ASSESSMENT_COLUMNS
                    ))
                    .bind(new_id())
                    .bind(import.draft.title())
                    .bind(import.draft.description())
                    .bind(now)
                    .bind(now)
                    .bind(content_version)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(store_error)?
                    .into();
                for kind in LinkKind::ALL {
                    let token = links.token(kind).expose();
                    let sealed = match kind {
                        LinkKind::Facilitator => String::new(),
                        _ => links::seal(token, links.facilitator.expose(), kind, assessment.id.as_str()),
                    };
                    let (code_hash, code_sealed) = self.key.join_code_columns(kind, token, assessment.id.as_str());
                    sqlx::query($crate::store::queries::INSERT_LINK)
                        .bind(links::hash(token))
                        .bind(assessment.id.as_str())
                        .bind(kind.slug())
                        .bind(sealed)
                        .bind(now)
                        .bind(code_hash)
                        .bind(code_sealed)
                        .execute(&mut *tx)
                        .await
                        .map_err(store_error)?;
                }
                for answer in &import.answers {
                    sqlx::query(
                        "INSERT INTO answers (assessment_id, participant_id, question_id, value, updated_at_ms) \
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(assessment.id.as_str())
                    .bind(answer.participant_id.as_str())
                    .bind(&answer.question_id)
                    .bind(answer.value)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                }
                for setting in &import.settings {
                    sqlx::query(
                        "INSERT INTO dimension_settings \
                         (assessment_id, dimension_id, importance, note, version, updated_at_ms) \
                         VALUES ($1, $2, $3, $4, 1, $5)",
                    )
                    .bind(assessment.id.as_str())
                    .bind(&setting.dimension_id)
                    .bind(i16::from(setting.importance))
                    .bind(&setting.note)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                }
                if let Some(costs) = &import.costs {
                    let json = serde_json::to_string(costs).map_err(|e| app::store::StoreError::Internal(Box::new(e)))?;
                    sqlx::query("INSERT INTO cost_inputs (assessment_id, inputs, updated_at_ms) VALUES ($1, $2, $3)")
                        .bind(assessment.id.as_str())
                        .bind(json)
                        .bind(now)
                        .execute(&mut *tx)
                        .await
                        .map_err(store_error)?;
                }
                if !import.parts.is_empty() {
                    let json = serde_json::to_string(&import.parts).map_err(|e| app::store::StoreError::Internal(Box::new(e)))?;
                    sqlx::query("INSERT INTO assessment_parts (assessment_id, parts, updated_at_ms) VALUES ($1, $2, $3)")
                        .bind(assessment.id.as_str())
                        .bind(json)
                        .bind(now)
                        .execute(&mut *tx)
                        .await
                        .map_err(store_error)?;
                }
                if import.decision.is_set() {
                    sqlx::query(
                        "INSERT INTO decisions (assessment_id, wording, status, version, updated_at_ms) \
                         VALUES ($1, $2, $3, 1, $4)",
                    )
                    .bind(assessment.id.as_str())
                    .bind(&import.decision.wording)
                    .bind(import.decision.status.slug())
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                }
                if let Some(actions) = &import.next_actions {
                    let json = serde_json::to_string(&actions.items)
                        .map_err(|e| app::store::StoreError::Internal(Box::new(e)))?;
                    sqlx::query(
                        "INSERT INTO next_actions (assessment_id, actions, version, updated_at_ms) \
                         VALUES ($1, $2, 1, $3)",
                    )
                    .bind(assessment.id.as_str())
                    .bind(json)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                }
                if let Some(review) = &import.review {
                    let json = serde_json::to_string(review).map_err(|e| app::store::StoreError::Internal(Box::new(e)))?;
                    sqlx::query(
                        "INSERT INTO assessment_reviews (assessment_id, review, version, updated_at_ms) \
                         VALUES ($1, $2, 1, $3)",
                    )
                    .bind(assessment.id.as_str())
                    .bind(json)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                }
                for round in &import.rounds {
                    let json = serde_json::to_string(round).map_err(|e| app::store::StoreError::Internal(Box::new(e)))?;
                    sqlx::query(
                        "INSERT INTO assessment_rounds (assessment_id, number, round, closed_at_ms) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(assessment.id.as_str())
                    .bind(round.number)
                    .bind(json)
                    .bind(round.closed_at_ms)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                }
                tx.commit().await.map_err(store_error)?;
                Ok((assessment, links))
            }

            async fn resolve_link(
                &self,
                token: &domain::access::Token,
            ) -> Result<Option<app::store::ResolvedLink>, app::store::StoreError> {
                let row: Option<$crate::store::rows::LinkRow> = sqlx::query_as(&$crate::store::queries::RESOLVE_LINK)
                    .bind($crate::store::links::hash(token.expose()))
                    .fetch_optional(&self.pool)
                    .await
                    .map_err($crate::store::queries::store_error)?;
                Ok(row.and_then(|row| {
                    Some(app::store::ResolvedLink {
                        kind: domain::access::LinkKind::from_slug(&row.kind)?,
                        replaced: row.replaced_at_ms.is_some(),
                        assessment: row.assessment.into(),
                    })
                }))
            }

            async fn deleted_link(&self, token: &domain::access::Token) -> Result<bool, app::store::StoreError> {
                sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM deleted_links WHERE token_hash = $1")
                    .bind($crate::store::links::hash(token.expose()))
                    .fetch_one(&self.pool)
                    .await
                    .map(|found| found > 0)
                    .map_err($crate::store::queries::store_error)
            }

            async fn delete_assessment(&self, id: &domain::AssessmentId) -> Result<bool, app::store::StoreError> {
                use $crate::store::queries::store_error;

                let mut tx = self.pool.begin().await.map_err(store_error)?;
                sqlx::query(
                    "INSERT INTO deleted_links (token_hash, deleted_at_ms) \
                     SELECT token_hash, $1 FROM links WHERE assessment_id = $2 \
                     ON CONFLICT (token_hash) DO NOTHING",
                )
                .bind(app::store::now_ms())
                .bind(id.as_str())
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
                // Every other table cascades from the assessment's row.
                let deleted = sqlx::query("DELETE FROM assessments WHERE id = $1")
                    .bind(id.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                tx.commit().await.map_err(store_error)?;
                Ok(deleted.rows_affected() == 1)
            }

            async fn delete_untouched(
                &self,
                before_ms: i64,
            ) -> Result<Vec<domain::AssessmentId>, app::store::StoreError> {
                let ids = sqlx::query_scalar::<_, String>("SELECT id FROM assessments WHERE touched_at_ms < $1 ORDER BY id")
                    .bind(before_ms)
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::store::queries::store_error)?;
                let mut deleted = Vec::with_capacity(ids.len());
                for id in ids.into_iter().map(domain::AssessmentId::from) {
                    if app::store::Store::delete_assessment(self, &id).await? {
                        deleted.push(id);
                    }
                }
                Ok(deleted)
            }

            async fn links(
                &self,
                assessment_id: &domain::AssessmentId,
                facilitator_token: &domain::access::Token,
            ) -> Result<domain::access::Links, app::store::StoreError> {
                self.repaired_links(assessment_id, facilitator_token).await
            }

            async fn rotate_link(
                &self,
                assessment_id: &domain::AssessmentId,
                kind: domain::access::LinkKind,
                facilitator_token: &domain::access::Token,
            ) -> Result<domain::access::Links, app::store::StoreError> {
                use domain::access::{LinkKind, Token};
                use app::store::now_ms;
                use $crate::store::queries::store_error;
                use $crate::store::{links, new_id};

                let now = now_ms();
                let current = self.repaired_links(assessment_id, facilitator_token).await?;
                let fresh = Token::new(new_id());
                let mut tx = self.pool.begin().await.map_err(store_error)?;
                // A replaced link keeps no sealed token: nothing needs it again.
                sqlx::query(
                    "UPDATE links SET replaced_at_ms = $1, sealed = '', code_hash = NULL, code_sealed = NULL \
                     WHERE assessment_id = $2 AND kind = $3 AND replaced_at_ms IS NULL",
                )
                .bind(now)
                .bind(assessment_id.as_str())
                .bind(kind.slug())
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
                let facilitator = if kind == LinkKind::Facilitator {
                    &fresh
                } else {
                    facilitator_token
                };
                let sealed = match kind {
                    LinkKind::Facilitator => String::new(),
                    _ => links::seal(fresh.expose(), facilitator.expose(), kind, assessment_id.as_str()),
                };
                let (code_hash, code_sealed) = self.key.join_code_columns(kind, fresh.expose(), assessment_id.as_str());
                sqlx::query($crate::store::queries::INSERT_LINK)
                    .bind(links::hash(fresh.expose()))
                    .bind(assessment_id.as_str())
                    .bind(kind.slug())
                    .bind(sealed)
                    .bind(now)
                    .bind(code_hash)
                    .bind(code_sealed)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                if kind == LinkKind::Facilitator {
                    // The other links stay the same, sealed anew under the new facilitator token.
                    for other in [LinkKind::Participant, LinkKind::ReadOnly] {
                        sqlx::query(
                            "UPDATE links SET sealed = $1 \
                             WHERE assessment_id = $2 AND kind = $3 AND replaced_at_ms IS NULL",
                        )
                        .bind(links::seal(
                            current.token(other).expose(),
                            facilitator.expose(),
                            other,
                            assessment_id.as_str(),
                        ))
                        .bind(assessment_id.as_str())
                        .bind(other.slug())
                        .execute(&mut *tx)
                        .await
                        .map_err(store_error)?;
                    }
                }
                sqlx::query("UPDATE assessments SET touched_at_ms = $1 WHERE id = $2")
                    .bind(now)
                    .bind(assessment_id.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                tx.commit().await.map_err(store_error)?;
                self.repaired_links(assessment_id, facilitator).await
            }

            async fn assessment(
                &self,
                id: &domain::AssessmentId,
            ) -> Result<Option<domain::Assessment>, app::store::StoreError> {
                sqlx::query_as::<_, $crate::store::rows::AssessmentRow>(&format!(
                    "SELECT {} FROM assessments WHERE id = $1",
                    $crate::store::rows::ASSESSMENT_COLUMNS
                ))
                .bind(id.as_str())
                .fetch_optional(&self.pool)
                .await
                .map(|row| row.map(Into::into))
                .map_err($crate::store::queries::store_error)
            }

            async fn update_details(
                &self,
                id: &domain::AssessmentId,
                draft: &domain::AssessmentDraft,
                version: i64,
            ) -> Result<domain::walkthrough::Saved<domain::Assessment>, app::store::StoreError> {
                use domain::walkthrough::Saved;
                use app::store::StoreError;

                // One statement, so two concurrent edits of the same version cannot both land.
                let written = sqlx::query(
                    "UPDATE assessments SET title = $1, description = $2, version = version + 1, updated_at_ms = $3, touched_at_ms = $3 \
                     WHERE id = $4 AND version = $5",
                )
                .bind(draft.title())
                .bind(draft.description())
                .bind(app::store::now_ms())
                .bind(id.as_str())
                .bind(version)
                .execute(&self.pool)
                .await
                .map_err($crate::store::queries::store_error)?;
                if written.rows_affected() == 1 {
                    return Ok(Saved::Version(version + 1));
                }
                self.assessment(id)
                    .await?
                    .map(Saved::Conflict)
                    .ok_or_else(|| StoreError::Internal("the assessment to edit is gone".into()))
            }

            // What the team answered: answers, dimension settings, costs.
            async fn answers(
                &self,
                assessment_id: &domain::AssessmentId,
            ) -> Result<Vec<domain::walkthrough::AnswerRecord>, app::store::StoreError> {
                sqlx::query_as::<_, $crate::store::rows::AnswerRow>(
                    "SELECT participant_id, question_id, value FROM answers \
                     WHERE assessment_id = $1 ORDER BY participant_id, question_id",
                )
                .bind(assessment_id.as_str())
                .fetch_all(&self.pool)
                .await
                .map(|rows| rows.into_iter().map(Into::into).collect())
                .map_err($crate::store::queries::store_error)
            }

            async fn save_answer(
                &self,
                assessment_id: &domain::AssessmentId,
                answer: &domain::walkthrough::AnswerRecord,
            ) -> Result<(), app::store::StoreError> {
                sqlx::query(
                    "INSERT INTO answers (assessment_id, participant_id, question_id, value, updated_at_ms) \
                     VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (assessment_id, participant_id, question_id) \
                     DO UPDATE SET value = excluded.value, updated_at_ms = excluded.updated_at_ms",
                )
                .bind(assessment_id.as_str())
                .bind(answer.participant_id.as_str())
                .bind(&answer.question_id)
                .bind(answer.value)
                .bind(app::store::now_ms())
                .execute(&self.pool)
                .await
                .map_err($crate::store::queries::store_error)?;
                self.touch(assessment_id).await
            }

            async fn dimension_settings(
                &self,
                assessment_id: &domain::AssessmentId,
            ) -> Result<Vec<domain::walkthrough::DimensionSetting>, app::store::StoreError> {
                sqlx::query_as::<_, $crate::store::rows::SettingRow>(
                    "SELECT dimension_id, importance, note, version FROM dimension_settings \
                     WHERE assessment_id = $1 ORDER BY dimension_id",
                )
                .bind(assessment_id.as_str())
                .fetch_all(&self.pool)
                .await
                .map(|rows| rows.into_iter().map(Into::into).collect())
                .map_err($crate::store::queries::store_error)
            }

            async fn save_dimension_setting(
                &self,
                assessment_id: &domain::AssessmentId,
                setting: &domain::walkthrough::DimensionSetting,
            ) -> Result<domain::walkthrough::Saved, app::store::StoreError> {
                use domain::walkthrough::{DimensionSetting, Saved};

                // One statement either way, so two concurrent saves of the same version
                // cannot both succeed.
                let written = if setting.version == 0 {
                    sqlx::query(
                        "INSERT INTO dimension_settings \
                         (assessment_id, dimension_id, importance, note, version, updated_at_ms) \
                         VALUES ($1, $2, $3, $4, 1, $5) \
                         ON CONFLICT (assessment_id, dimension_id) DO NOTHING",
                    )
                    .bind(assessment_id.as_str())
                    .bind(&setting.dimension_id)
                    .bind(i16::from(setting.importance))
                    .bind(&setting.note)
                    .bind(app::store::now_ms())
                    .execute(&self.pool)
                    .await
                } else {
                    sqlx::query(
                        "UPDATE dimension_settings \
                         SET importance = $1, note = $2, version = version + 1, updated_at_ms = $3 \
                         WHERE assessment_id = $4 AND dimension_id = $5 AND version = $6",
                    )
                    .bind(i16::from(setting.importance))
                    .bind(&setting.note)
                    .bind(app::store::now_ms())
                    .bind(assessment_id.as_str())
                    .bind(&setting.dimension_id)
                    .bind(setting.version)
                    .execute(&self.pool)
                    .await
                }
                .map_err($crate::store::queries::store_error)?;
                if written.rows_affected() == 1 {
                    self.touch(assessment_id).await?;
                    return Ok(Saved::Version(setting.version + 1));
                }
                let current = sqlx::query_as::<_, $crate::store::rows::SettingRow>(
                    "SELECT dimension_id, importance, note, version FROM dimension_settings \
                     WHERE assessment_id = $1 AND dimension_id = $2",
                )
                .bind(assessment_id.as_str())
                .bind(&setting.dimension_id)
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::store::queries::store_error)?;
                Ok(Saved::Conflict(current.map_or_else(
                    || DimensionSetting::unset(&setting.dimension_id),
                    Into::into,
                )))
            }

            async fn cost_inputs(
                &self,
                assessment_id: &domain::AssessmentId,
            ) -> Result<Option<domain::cost::CostInputs>, app::store::StoreError> {
                self.document("cost_inputs", "inputs", assessment_id).await
            }

            async fn save_cost_inputs(
                &self,
                assessment_id: &domain::AssessmentId,
                inputs: &domain::cost::CostInputs,
            ) -> Result<(), app::store::StoreError> {
                self.save_document("cost_inputs", "inputs", assessment_id, inputs).await
            }

            async fn parts(
                &self,
                assessment_id: &domain::AssessmentId,
            ) -> Result<Vec<domain::parts::Part>, app::store::StoreError> {
                Ok(self
                    .document("assessment_parts", "parts", assessment_id)
                    .await?
                    .unwrap_or_default())
            }

            async fn save_parts(
                &self,
                assessment_id: &domain::AssessmentId,
                parts: &[domain::parts::Part],
            ) -> Result<(), app::store::StoreError> {
                self.save_document("assessment_parts", "parts", assessment_id, parts).await
            }

            async fn review(
                &self,
                assessment_id: &domain::AssessmentId,
            ) -> Result<(domain::review::Review, i64), app::store::StoreError> {
                Ok(self
                    .versioned_document("assessment_reviews", "review", assessment_id)
                    .await?
                    .unwrap_or_default())
            }

            async fn save_review(
                &self,
                assessment_id: &domain::AssessmentId,
                review: &domain::review::Review,
                version: i64,
            ) -> Result<domain::walkthrough::Saved<(domain::review::Review, i64)>, app::store::StoreError> {
                use domain::walkthrough::Saved;

                Ok(
                    match self
                        .save_versioned_document("assessment_reviews", "review", assessment_id, review, version)
                        .await?
                    {
                        Saved::Version(version) => Saved::Version(version),
                        Saved::Conflict(now) => Saved::Conflict(now.unwrap_or_default()),
                    },
                )
            }

            async fn rounds(
                &self,
                assessment_id: &domain::AssessmentId,
            ) -> Result<Vec<domain::rounds::Round>, app::store::StoreError> {
                let rows: Vec<(String,)> =
                    sqlx::query_as("SELECT round FROM assessment_rounds WHERE assessment_id = $1 ORDER BY number")
                        .bind(assessment_id.as_str())
                        .fetch_all(&self.pool)
                        .await
                        .map_err($crate::store::queries::store_error)?;
                rows.into_iter()
                    .map(|(json,)| serde_json::from_str(&json))
                    .collect::<Result<_, _>>()
                    .map_err(|e| app::store::StoreError::Internal(Box::new(e)))
            }

            async fn start_round(
                &self,
                assessment_id: &domain::AssessmentId,
                closed: &domain::rounds::Round,
                keep_answers: bool,
            ) -> Result<bool, app::store::StoreError> {
                use $crate::store::queries::store_error;

                let json = serde_json::to_string(closed).map_err(|e| app::store::StoreError::Internal(Box::new(e)))?;
                let now = app::store::now_ms();
                let mut tx = self.pool.begin().await.map_err(store_error)?;
                let closed_now = sqlx::query(
                    "INSERT INTO assessment_rounds (assessment_id, number, round, closed_at_ms) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (assessment_id, number) DO NOTHING",
                )
                .bind(assessment_id.as_str())
                .bind(closed.number)
                .bind(json)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
                if closed_now.rows_affected() == 0 {
                    return Ok(false);
                }
                if !keep_answers {
                    sqlx::query("DELETE FROM answers WHERE assessment_id = $1")
                        .bind(assessment_id.as_str())
                        .execute(&mut *tx)
                        .await
                        .map_err(store_error)?;
                }
                sqlx::query(
                    "UPDATE assessments SET current_step = 1, revealed_steps = 0, timer_ends_at_ms = NULL, \
                     touched_at_ms = $1 WHERE id = $2",
                )
                .bind(now)
                .bind(assessment_id.as_str())
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
                tx.commit().await.map_err(store_error)?;
                Ok(true)
            }

            async fn decision(
                &self,
                assessment_id: &domain::AssessmentId,
            ) -> Result<domain::decision::Decision, app::store::StoreError> {
                Ok(self.saved_decision(assessment_id).await?.unwrap_or_default())
            }

            async fn save_decision(
                &self,
                assessment_id: &domain::AssessmentId,
                decision: &domain::decision::Decision,
            ) -> Result<domain::walkthrough::Saved<domain::decision::Decision>, app::store::StoreError> {
                use domain::walkthrough::Saved;

                let values = [decision.wording.as_str(), decision.status.slug()];
                if self
                    .save_versioned("decisions", &["wording", "status"], &values, assessment_id, decision.version)
                    .await?
                {
                    return Ok(Saved::Version(decision.version + 1));
                }
                Ok(Saved::Conflict(self.saved_decision(assessment_id).await?.unwrap_or_default()))
            }

            async fn next_actions(
                &self,
                assessment_id: &domain::AssessmentId,
            ) -> Result<domain::actions::NextActions, app::store::StoreError> {
                Ok(self
                    .versioned_document("next_actions", "actions", assessment_id)
                    .await?
                    .map(|(items, version)| domain::actions::NextActions { items, version })
                    .unwrap_or_default())
            }

            async fn save_next_actions(
                &self,
                assessment_id: &domain::AssessmentId,
                actions: &domain::actions::NextActions,
            ) -> Result<domain::walkthrough::Saved<domain::actions::NextActions>, app::store::StoreError> {
                use domain::walkthrough::Saved;

                Ok(
                    match self
                        .save_versioned_document("next_actions", "actions", assessment_id, &actions.items, actions.version)
                        .await?
                    {
                        Saved::Version(version) => Saved::Version(version),
                        Saved::Conflict(now) => Saved::Conflict(
                            now.map(|(items, version)| domain::actions::NextActions { items, version })
                                .unwrap_or_default(),
                        ),
                    },
                )
            }

            // The room: its step, who is in it, what it shows.
            async fn set_current_step(
                &self,
                assessment_id: &domain::AssessmentId,
                step: i64,
            ) -> Result<(), app::store::StoreError> {
                sqlx::query("UPDATE assessments SET current_step = $1, touched_at_ms = $3 WHERE id = $2")
                    .bind(step)
                    .bind(assessment_id.as_str())
                    .bind(app::store::now_ms())
                    .execute(&self.pool)
                    .await
                    .map(drop)
                    .map_err($crate::store::queries::store_error)
            }

            async fn set_content_version(
                &self,
                assessment_id: &domain::AssessmentId,
                content_version: &str,
            ) -> Result<(), app::store::StoreError> {
                sqlx::query("UPDATE assessments SET content_version = $1, updated_at_ms = $2, touched_at_ms = $2 WHERE id = $3")
                    .bind(content_version)
                    .bind(app::store::now_ms())
                    .bind(assessment_id.as_str())
                    .execute(&self.pool)
                    .await
                    .map(drop)
                    .map_err($crate::store::queries::store_error)
            }

            async fn move_room(
                &self,
                assessment_id: &domain::AssessmentId,
                by: i64,
                last: i64,
            ) -> Result<i64, app::store::StoreError> {
                sqlx::query_scalar::<_, i64>(
                    "UPDATE assessments SET current_step = CASE \
                       WHEN current_step + $1 < 1 THEN 1 \
                       WHEN current_step + $1 > $2 THEN $2 \
                       ELSE current_step + $1 END, touched_at_ms = $4 \
                     WHERE id = $3 RETURNING current_step",
                )
                .bind(by)
                .bind(last)
                .bind(assessment_id.as_str())
                .bind(app::store::now_ms())
                .fetch_one(&self.pool)
                .await
                .map_err($crate::store::queries::store_error)
            }

            async fn join_code_link(
                &self,
                code: &str,
            ) -> Result<Option<domain::access::Token>, app::store::StoreError> {
                let row: Option<(String, String)> = sqlx::query_as(
                    "SELECT assessment_id, code_sealed FROM links \
                     WHERE code_hash = $1 AND replaced_at_ms IS NULL AND code_sealed IS NOT NULL",
                )
                .bind(self.key.code_hash(code))
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::store::queries::store_error)?;
                Ok(row
                    .and_then(|(assessment_id, sealed)| self.key.open_for_code(&sealed, &assessment_id))
                    .map(domain::access::Token::from))
            }

            async fn join(
                &self,
                assessment_id: &domain::AssessmentId,
                name: &str,
                max: usize,
                link: &domain::access::Token,
            ) -> Result<domain::room::Joined, app::store::StoreError> {
                use domain::access::ParticipantSecret;
                use domain::room::{Joined, Participant};
                use app::store::now_ms;
                use $crate::store::queries::store_error;
                use $crate::store::{links, new_id};

                let mut tx = self.pool.begin().await.map_err(store_error)?;
                // Taking a seat locks the assessment's row, so concurrent joins queue here and
                // never exceed the maximum or share a name.
                let seated = sqlx::query(
                    "UPDATE assessments SET seats = seats + 1, touched_at_ms = $3 WHERE id = $1 AND seats < $2",
                )
                    .bind(assessment_id.as_str())
                    .bind(i64::try_from(max).unwrap_or(i64::MAX))
                    .bind(now_ms())
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                if seated.rows_affected() == 0 {
                    return Ok(Joined::Full);
                }
                let participant = Participant {
                    id: domain::ParticipantId::new(new_id()),
                    name: name.to_owned(),
                    joined_at_ms: now_ms(),
                    removed: false,
                };
                // Names are compared as they look (see `name_key`), under the seat's lock.
                let present: Vec<(String,)> = sqlx::query_as(
                    "SELECT name FROM participants WHERE assessment_id = $1 AND removed_at_ms IS NULL",
                )
                .bind(assessment_id.as_str())
                .fetch_all(&mut *tx)
                .await
                .map_err(store_error)?;
                let key = domain::room::name_key(name);
                if present.iter().any(|(other,)| domain::room::name_key(other) == key) {
                    return Ok(Joined::NameTaken);
                }
                let secret = ParticipantSecret::new(new_id());
                sqlx::query(
                    "INSERT INTO participants (id, assessment_id, name, secret_hash, joined_at_ms, joined_via) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(participant.id.as_str())
                .bind(assessment_id.as_str())
                .bind(&participant.name)
                .bind(links::hash(secret.expose()))
                .bind(participant.joined_at_ms)
                .bind(links::hash(link.expose()))
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
                tx.commit().await.map_err(store_error)?;
                Ok(Joined::In { participant, secret })
            }

            async fn participant(
                &self,
                assessment_id: &domain::AssessmentId,
                secret: &domain::access::ParticipantSecret,
            ) -> Result<Option<domain::room::Participant>, app::store::StoreError> {
                sqlx::query_as::<_, $crate::store::rows::ParticipantRow>(&format!(
                    "SELECT {} FROM participants WHERE secret_hash = $1 AND assessment_id = $2",
                    $crate::store::rows::PARTICIPANT_COLUMNS
                ))
                .bind($crate::store::links::hash(secret.expose()))
                .bind(assessment_id.as_str())
                .fetch_optional(&self.pool)
                .await
                .map(|row| row.map(Into::into))
                .map_err($crate::store::queries::store_error)
            }

            async fn participants(
                &self,
                assessment_id: &domain::AssessmentId,
            ) -> Result<Vec<domain::room::Participant>, app::store::StoreError> {
                sqlx::query_as::<_, $crate::store::rows::ParticipantRow>(&format!(
                    "SELECT {} FROM participants WHERE assessment_id = $1 ORDER BY joined_at_ms, id",
                    $crate::store::rows::PARTICIPANT_COLUMNS
                ))
                .bind(assessment_id.as_str())
                .fetch_all(&self.pool)
                .await
                .map(|rows| rows.into_iter().map(Into::into).collect())
                .map_err($crate::store::queries::store_error)
            }

            async fn joined_through_old_links(
                &self,
                assessment_id: &domain::AssessmentId,
            ) -> Result<Vec<domain::ParticipantId>, app::store::StoreError> {
                sqlx::query_scalar::<_, String>(
                    "SELECT id FROM participants WHERE assessment_id = $1 AND removed_at_ms IS NULL \
                     AND (joined_via IS NULL OR joined_via NOT IN (SELECT token_hash FROM links \
                     WHERE assessment_id = $1 AND kind = 'participant' AND replaced_at_ms IS NULL)) \
                     ORDER BY joined_at_ms, id",
                )
                .bind(assessment_id.as_str())
                .fetch_all(&self.pool)
                .await
                .map(|ids| ids.into_iter().map(domain::ParticipantId::from).collect())
                .map_err($crate::store::queries::store_error)
            }

            async fn remove_participant(
                &self,
                assessment_id: &domain::AssessmentId,
                participant_id: &domain::ParticipantId,
            ) -> Result<bool, app::store::StoreError> {
                use app::store::now_ms;
                use $crate::store::queries::store_error;

                let mut tx = self.pool.begin().await.map_err(store_error)?;
                let removed = sqlx::query(
                    "UPDATE participants SET removed_at_ms = $1 \
                     WHERE assessment_id = $2 AND id = $3 AND removed_at_ms IS NULL",
                )
                .bind(now_ms())
                .bind(assessment_id.as_str())
                .bind(participant_id.as_str())
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
                if removed.rows_affected() == 0 {
                    return Ok(false);
                }
                sqlx::query("UPDATE assessments SET seats = seats - 1, touched_at_ms = $2 WHERE id = $1")
                    .bind(assessment_id.as_str())
                    .bind(now_ms())
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                sqlx::query("DELETE FROM answers WHERE assessment_id = $1 AND participant_id = $2")
                    .bind(assessment_id.as_str())
                    .bind(participant_id.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                tx.commit().await.map_err(store_error)?;
                Ok(true)
            }

            async fn change_room(
                &self,
                assessment_id: &domain::AssessmentId,
                change: &domain::room::RoomChange,
            ) -> Result<bool, app::store::StoreError> {
                use domain::room::{Room, RoomChange};

                let query = match change {
                    RoomChange::Reveal(step) => {
                        sqlx::query("UPDATE assessments SET revealed_steps = revealed_steps | $1 WHERE id = $2")
                            .bind(Room::step_bit(*step))
                    }
                    RoomChange::Timer(ends_at) => {
                        sqlx::query("UPDATE assessments SET timer_ends_at_ms = $1 WHERE id = $2").bind(*ends_at)
                    }
                    RoomChange::Named(named) => sqlx::query(
                        "UPDATE assessments SET named = $1 WHERE id = $2 \
                         AND NOT EXISTS (SELECT 1 FROM participants WHERE assessment_id = $2)",
                    )
                    .bind(*named),
                    RoomChange::FacilitatorVotes(votes) => {
                        sqlx::query("UPDATE assessments SET facilitator_votes = $1 WHERE id = $2").bind(*votes)
                    }
                };
                let changed = query
                    .bind(assessment_id.as_str())
                    .execute(&self.pool)
                    .await
                    .map(|done| done.rows_affected() == 1)
                    .map_err($crate::store::queries::store_error)?;
                if changed {
                    self.touch(assessment_id).await?;
                }
                Ok(changed)
            }

            // Organisations' contents.
            async fn save_content(&self, version: &str, body: &str) -> Result<(), app::store::StoreError> {
                sqlx::query($crate::store::queries::SAVE_CONTENT)
                    .bind(version)
                    .bind(body)
                    .bind(app::store::now_ms())
                    .execute(&self.pool)
                    .await
                    .map(drop)
                    .map_err($crate::store::queries::store_error)
            }

            async fn content(&self, version: &str) -> Result<Option<String>, app::store::StoreError> {
                sqlx::query_scalar("SELECT body FROM contents WHERE version = $1")
                    .bind(version)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err($crate::store::queries::store_error)
            }

            // The database itself.
            async fn ping(&self) -> Result<(), app::store::StoreError> {
                sqlx::query("SELECT 1")
                    .execute(&self.pool)
                    .await
                    .map(drop)
                    .map_err($crate::store::queries::store_error)
            }
        }
    };
}

pub(super) use sql_store;
