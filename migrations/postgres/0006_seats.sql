-- Which participant link each person joined through (the hash of its token), so that
-- replacing a leaked link can also clear the seats taken through it. People who joined before
-- this was recorded count as having joined through the link that is current now.
ALTER TABLE participants ADD COLUMN joined_via TEXT;
UPDATE participants SET joined_via = (
    SELECT token_hash FROM links
    WHERE links.assessment_id = participants.assessment_id
      AND links.kind = 'participant'
      AND links.replaced_at_ms IS NULL
);
