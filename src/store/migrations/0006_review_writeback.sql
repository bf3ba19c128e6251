-- Medication reviews write back to the chart and carry forward (issue 6).
-- Signing a review applies its reconciliation to the chart in the same transaction: "stopped" ends the medication
-- on the review date with the reason, "changed sig" replaces its directions. The directions it replaced are kept
-- on the reconciliation row (unbounded, like medications.sig), so the signed review still shows what changed after
-- the chart has moved on.
ALTER TABLE mtm_reconciliation ADD COLUMN previous_sig text;

-- OTC, herbal and supplement products the patient reported during the review are added to the chart from the review
-- page; the flag tells the review, the note and the next review that they were found here.
ALTER TABLE mtm_reconciliation ADD COLUMN added_in_review boolean NOT NULL DEFAULT false;

-- Every chart read shows each medication's last signed finding, and every review shows the previous review's
-- decisions: both look reconciliation up by medication, which no index served (the unique key leads with
-- encounter_id), so each lookup scanned the organisation's whole reconciliation history.
CREATE INDEX mtm_reconciliation_medication_idx ON mtm_reconciliation (medication_id);

-- The patient's latest signed review (carry-forward).
CREATE INDEX mtm_encounters_patient_signed_idx ON mtm_encounters (patient_id, signed_at) WHERE status = 'signed';
