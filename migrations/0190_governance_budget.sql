-- The partnership's budget (module `governance`): each year's income and expenditure statement
-- as the finance officer sent it (its lines kept, its stated totals re-added and each that
-- disagrees recorded), and the contributions the partners agreed for each year. No child's data.
-- Amounts are in pence as integer (up to £21 million: far above a partnership's budget).

CREATE TABLE governance_budget_statement (
  id serial PRIMARY KEY,
  financial_year text NOT NULL CHECK (financial_year ~ '^\d{4}-\d{2}$'),
  period_from date NOT NULL,
  period_to date NOT NULL CHECK (period_to >= period_from),
  file_name text NOT NULL,
  title text NOT NULL,
  funds text[] NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  imported_by text NOT NULL
);
COMMENT ON TABLE governance_budget_statement IS 'One import of the finance officer''s income and expenditure statement for a financial year; the latest import of a year is its statement';
COMMENT ON COLUMN governance_budget_statement.id IS 'Surrogate key';
COMMENT ON COLUMN governance_budget_statement.financial_year IS 'The financial year as written, e.g. 2023-24';
COMMENT ON COLUMN governance_budget_statement.period_from IS 'First day of the year (1 April)';
COMMENT ON COLUMN governance_budget_statement.period_to IS 'Last day of the year (31 March)';
COMMENT ON COLUMN governance_budget_statement.file_name IS 'The name of the file imported';
COMMENT ON COLUMN governance_budget_statement.title IS 'The statement''s own title (its header row''s first cell)';
COMMENT ON COLUMN governance_budget_statement.funds IS 'The fund columns in the order the statement gives them (the Total column not included)';
COMMENT ON COLUMN governance_budget_statement.imported_at IS 'When it was imported';
COMMENT ON COLUMN governance_budget_statement.imported_by IS 'Who imported it: a user id, or "command line"';

CREATE TABLE governance_budget_row (
  id serial PRIMARY KEY,
  statement_id integer NOT NULL REFERENCES governance_budget_statement (id) ON DELETE CASCADE,
  position integer NOT NULL,
  file_row integer NOT NULL,
  label text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('line','total','net','brought_forward','carried_forward','heading','note')),
  section text CHECK (section IN ('income','expenditure')),
  amounts_pence integer[] NOT NULL,
  total_pence integer,
  markers text[] NOT NULL DEFAULT '{}',
  UNIQUE (statement_id, position)
);
COMMENT ON TABLE governance_budget_row IS 'A row of an imported statement, kept as stated: a line, a stated total, the net position, a balance, a heading or a footnote';
COMMENT ON COLUMN governance_budget_row.id IS 'Surrogate key';
COMMENT ON COLUMN governance_budget_row.statement_id IS 'The statement it belongs to';
COMMENT ON COLUMN governance_budget_row.position IS 'Its order in the statement, from 1';
COMMENT ON COLUMN governance_budget_row.file_row IS 'Its row number in the file';
COMMENT ON COLUMN governance_budget_row.label IS 'Its first cell as written (e.g. Salaries, Total Expenditure)';
COMMENT ON COLUMN governance_budget_row.kind IS 'line (income or spending), total (stated total of a section), net (net position), brought_forward / carried_forward (reserves), heading, note (footnote)';
COMMENT ON COLUMN governance_budget_row.section IS 'For lines and totals: income or expenditure';
COMMENT ON COLUMN governance_budget_row.amounts_pence IS 'One amount per fund (in the statement''s fund order), in pence; null where the cell was blank';
COMMENT ON COLUMN governance_budget_row.total_pence IS 'The Total column''s amount as stated, in pence; null where blank';
COMMENT ON COLUMN governance_budget_row.markers IS 'Footnote markers written on the row (e.g. *)';

CREATE TABLE governance_budget_disagreement (
  id serial PRIMARY KEY,
  statement_id integer NOT NULL REFERENCES governance_budget_statement (id) ON DELETE CASCADE,
  fund text NOT NULL,
  row_label text NOT NULL,
  stated_pence integer NOT NULL,
  computed_pence integer NOT NULL
);
COMMENT ON TABLE governance_budget_disagreement IS 'A stated total of an imported statement that re-adding its lines does not reproduce';
COMMENT ON COLUMN governance_budget_disagreement.id IS 'Surrogate key';
COMMENT ON COLUMN governance_budget_disagreement.statement_id IS 'The statement';
COMMENT ON COLUMN governance_budget_disagreement.fund IS 'The fund column, or Total for the Total column';
COMMENT ON COLUMN governance_budget_disagreement.row_label IS 'The row whose stated amount disagrees';
COMMENT ON COLUMN governance_budget_disagreement.stated_pence IS 'What the statement says, in pence';
COMMENT ON COLUMN governance_budget_disagreement.computed_pence IS 'What re-adding gives, in pence';

CREATE TABLE governance_contribution (
  id serial PRIMARY KEY,
  financial_year text NOT NULL CHECK (financial_year ~ '^\d{4}-\d{2}$'),
  source text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('partner','grant_one_off','grant_recurring')),
  amount_pence integer NOT NULL CHECK (amount_pence >= 0),
  note text,
  UNIQUE (financial_year, source)
);
COMMENT ON TABLE governance_contribution IS 'An agreed contribution to the partnership budget for a financial year: a safeguarding partner''s share or a grant';
COMMENT ON COLUMN governance_contribution.id IS 'Surrogate key';
COMMENT ON COLUMN governance_contribution.financial_year IS 'The financial year, e.g. 2024-25';
COMMENT ON COLUMN governance_contribution.source IS 'Who pays: the partner (e.g. West Mercia Police) or the grant giver';
COMMENT ON COLUMN governance_contribution.kind IS 'partner (a safeguarding partner''s contribution), grant_one_off, grant_recurring';
COMMENT ON COLUMN governance_contribution.amount_pence IS 'The amount agreed, in pence';
COMMENT ON COLUMN governance_contribution.note IS 'What it is for, or the terms (e.g. one-off grant to implement Working Together 2023)';
