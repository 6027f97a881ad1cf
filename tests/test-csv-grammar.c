/* test-csv-grammar.c — the CSV tokeniser's strict grammar, a line or two a
 * file, with what reading each gives.
 *
 * Quotes and carriage returns send a line off the plain path: blanks
 * around fields, "" for a quote, blanks after a closing quote, a carriage
 * return before a row or inside it, and each way a quote is misplaced.
 * Each outcome is the one an independent strict tokeniser gave when these
 * were written.  test-csv-layouts adds the files to its corpus, so they
 * are also read in cuts and through pipes.
 */
#include "test-csv-grammar.h"

#define H "Date,Open,High,Low,Close,Volume\n"
static const BkCsvGrammarCase cases[] = {
  { "all-quoted.csv", H "\"2001-01-02\",\"1\",\"2\",\"0.5\",\"1.5\",\"100\"\n",
    "2001-01-02 1 2 0.5 1.5 100" },
  { "quoted-header.csv", "\"Date\", \"Open\" ,\"High\",\"Low\",\"Close\",\"Volume\"\n2001-01-02,1,2,0.5,1.5,100\n",
    "2001-01-02 1 2 0.5 1.5 100" },
  { "blanks-around-quotes.csv", H "  \"2001-01-02\" ,\t\"1\"\t, 2 ,0.5 , \" 1.5 \" ,100\n",
    "2001-01-02 1 2 0.5 1.5 100" },
  { "blanks-inside-quotes.csv", H "\" 2001-01-02 \",1,2,0.5,1.5,\" 100\"\n",
    "2001-01-02 1 2 0.5 1.5 100" },
  { "doubled-quote.csv", H "\"2001-01-02\",1,2,0.5,1.5,\"1\"\"00\"\n",
    ":2:26: expected a number in column 'Volume', got '1\"00'" },
  { "empty-quoted.csv", H "\"2001-01-02\",1,2,0.5,1.5,\"\"\n",
    ":2:26: expected a number in column 'Volume', got an empty field" },
  { "empty-unquoted.csv", H "\"2001-01-02\",1,2,0.5,1.5,\n",
    ":2:26: expected a number in column 'Volume', got an empty field" },
  { "trailing-delimiter.csv", H "\"2001-01-02\",1,2,0.5,1.5,100,\n",
    ":2:30: expected 6 fields, found 7" },
  { "quoted-delimiter.csv", H "\"2001-01-02\",\"1,5\",2,0.5,1.5,100\n",
    ":2:14: expected a number in column 'Open', got '1,5'" },
  { "quoted-semicolons.csv", "Date;Open;High;Low;Close;Volume\n\"2001-01-02\";\"1\";2;0.5;1.5;100\n",
    "2001-01-02 1 2 0.5 1.5 100" },
  { "quoted-tabs.csv", "Date\tOpen\tHigh\tLow\tClose\tVolume\n\"2001-01-02\"\t \"1\" \t2\t0.5\t1.5\t100\n",
    "2001-01-02 1 2 0.5 1.5 100" },
  { "crlf-quoted.csv", H "\"2001-01-02\",1,2,0.5,1.5,100\r\n\"2001-01-03\",1,2,0.5,1.5,\"200\"\r\n",
    "2001-01-02 1 2 0.5 1.5 100; 2001-01-03 1 2 0.5 1.5 200" },
  { "cr-before-row.csv", H "\r\"2001-01-02\",1,2,0.5,1.5,100\n",
    "2001-01-02 1 2 0.5 1.5 100" },
  { "cr-after-quote.csv", H "\"2001-01-02\",1,2,0.5,1.5,\"100\" \r\n",
    "2001-01-02 1 2 0.5 1.5 100" },
  { "cr-inside-row.csv", H "\"2001-01-02\",1,2\r,0.5,1.5,100\n",
    ":2:17: carriage return in the middle of a line" },
  { "cr-inside-quotes.csv", H "\"2001-01-02\",\"1\r\",2,0.5,1.5,100\n",
    ":2:14: expected a number in column 'Open', got '1\\x0D'" },
  { "cr-inside-plain-row.csv", H "2001-01-02,1,2,0.5\r1,1.5,100\n",
    ":2:19: carriage return in the middle of a line" },
  { "text-after-quote.csv", H "\"2001-01-02\"x,1,2,0.5,1.5,100\n",
    ":2:13: unexpected text after a closing quote" },
  { "quote-after-blank.csv", H "\"2001-01-02\" \"x\",1,2,0.5,1.5,100\n",
    ":2:14: unexpected text after a closing quote" },
  { "quote-in-unquoted.csv", H "\"2001-01-02\",1,2,0.5,1.5,10\"0\n",
    ":2:28: quote inside an unquoted field (quote the whole field and double the quote)" },
  { "quote-after-unquoted.csv", H "\"2001-01-02\",1,2,0.5,1.5,100 \"\"\n",
    ":2:30: quote inside an unquoted field (quote the whole field and double the quote)" },
  { "unclosed-quote.csv", H "\"2001-01-02\",1,2,0.5,1.5,\"100\n",
    ":2:26: quoted field is not closed on its line (fields spanning lines are not supported)" },
  { "unclosed-last-quote.csv", H "2001-01-02,1,2,0.5,1.5,100,\"\n",
    ":2:28: quoted field is not closed on its line (fields spanning lines are not supported)" },
  { "lone-quote-line.csv", H "2001-01-02,1,2,0.5,1.5,100\n\"\n",
    ":3:1: quoted field is not closed on its line (fields spanning lines are not supported)" },
};
#undef H

const BkCsvGrammarCase *
bk_csv_grammar_cases (guint *n_cases)
{
  *n_cases = G_N_ELEMENTS (cases);
  return cases;
}
