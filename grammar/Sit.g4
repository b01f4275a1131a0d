// Sit.g4: the grammar of .sit spec files.
//
// Only syntax lives here. Names, units, types and every "is this allowed here" rule are checked by sema, so the
// grammar stays small and its errors stay about punctuation. The parse tree never leaves compiler/frontend.
grammar Sit;

file        : importDecl* topDecl* EOF ;

importDecl  : IMPORT qualName ';' ;
qualName    : ID ('.' ID)* ;

topDecl
  : unitDecl
  | fnDecl
  | processDecl
  | scenarioDecl
  | reportDecl
  | contractDecl
  | hedgeDecl
  ;

// `unit EUR;` declares a new base dimension; `unit Mtok = 1e6 token;` a scaled or derived unit.
unitDecl    : UNIT ID ('=' expr)? ';' ;

// Pure functions of their arguments, inlined at each call.
fnDecl      : FN ID '(' idList? ')' '=' expr ';' ;
idList      : ID (',' ID)* ;

// A stochastic process: parameters, state, a per-step update, an optional observed value and forward.
processDecl : PROCESS ID '(' paramList? ')' '{' processItem* '}' ;
paramList   : param (',' param)* ;
param       : ID (':' unit=expr)? ('=' dflt=expr)? ;   // optional expected unit and default: `trend: 1/yr = 0/yr`
processItem
  : STATE ID '=' expr ';'                         # StateItem
  | LET ID '=' expr ';'                           # ProcLetItem
  | UPDATE '{' updateStmt* '}'                    # UpdateItem
  | VALUE '=' expr ';'                            # ValueItem
  | FORWARD '(' ID ')' '=' expr ';'               # ForwardItem
  | REQUIRE expr ';'                              # RequireItem
  ;
updateStmt
  : LET ID '=' expr ';'                           # UpdateLet
  | ID '=' expr ';'                               # UpdateAssign
  ;

scenarioDecl : SCENARIO ID '{' scenarioItem* '}' ;
scenarioItem
  : ID '~' ID '(' argList? ')' ';'                # InstanceItem
  | LET ID '=' expr ';'                           # ScenarioLetItem
  | PARAM ID '=' expr ';'                         # ParamItem
  | CORRELATE '(' ID ',' ID ')' '=' expr ';'      # CorrelateItem
  | CORRELATION '(' idList ')' '=' expr ';'       # CorrelationItem
  | ID '=' expr ';'                               # SettingItem
  | reportDecl                                    # ScenarioReportItem
  ;
argList     : arg (',' arg)* ;
arg         : (ID '=')? expr ;

reportDecl  : REPORT '{' reportItem* '}' ;
reportItem  : (STRING ':')? expr ';' ;

// Contract terms and hedges are blocks of `name = value;` terms, possibly nested (`margin { ... }`).
contractDecl : CONTRACT ID '{' term* '}' ;
hedgeDecl    : HEDGE ID FOR ID '{' (term | reportDecl)* '}' ;
term
  : ID '=' expr ';'                               # ValueTerm
  | ID '{' term* '}'                              # BlockTerm
  ;

// Precedence, tightest first: postfix [index] and %, ^ (right), unary, * /, + -, comparisons, not, and, or, if.
// `-2^2` is -(2^2). A number followed by a unit name is a quantity: `1.50 USD/Mtok` is (1.50 USD) / Mtok.
expr
  : primary                                       # PrimaryExpr
  | expr '[' expr ']'                             # IndexExpr
  | expr '%'                                      # PercentExpr
  | <assoc=right> expr '^' expr                   # PowExpr
  | op=('-' | '+') expr                           # SignExpr
  | expr op=('*' | '/') expr                      # MulExpr
  | expr op=('+' | '-') expr                      # AddExpr
  | expr op=('<' | '<=' | '>' | '>=' | '==' | '!=') expr   # CmpExpr
  | NOT expr                                      # NotExpr
  | expr AND expr                                 # AndExpr
  | expr OR expr                                  # OrExpr
  | IF expr THEN expr ELSE expr                   # IfExpr
  ;

primary
  : NUMBER ID?                                    # NumberLit
  | (TRUE | FALSE)                                # BoolLit
  | ID '(' argList? ')'                           # CallExpr
  | ID ('.' ID)?                                  # NameExpr
  | '(' expr ')'                                  # ParenExpr
  | '[' expr (',' expr)* ']'                      # ListExpr
  ;

IMPORT      : 'import' ;
UNIT        : 'unit' ;
FN          : 'fn' ;
PROCESS     : 'process' ;
STATE       : 'state' ;
LET         : 'let' ;
UPDATE      : 'update' ;
VALUE       : 'value' ;
FORWARD     : 'forward' ;
REQUIRE     : 'require' ;
SCENARIO    : 'scenario' ;
PARAM       : 'param' ;
CORRELATE   : 'correlate' ;
CORRELATION : 'correlation' ;
REPORT      : 'report' ;
CONTRACT    : 'contract' ;
HEDGE       : 'hedge' ;
FOR         : 'for' ;
IF          : 'if' ;
THEN        : 'then' ;
ELSE        : 'else' ;
AND         : 'and' ;
OR          : 'or' ;
NOT         : 'not' ;
TRUE        : 'true' ;
FALSE       : 'false' ;

NUMBER      : DIGITS ('.' DIGITS)? EXPONENT? | '.' DIGITS EXPONENT? ;
ID          : [a-zA-Z_] [a-zA-Z_0-9]* ;
STRING      : '"' ( '\\' . | ~["\\\r\n] )* '"' ;

LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS            : [ \t\r\n]+ -> skip ;

// Unterminated comments and strings become tokens of their own (on a hidden channel) so the frontend can say
// exactly what is wrong and where it started, instead of a cascade of "unexpected character" errors.
UNTERMINATED_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF -> channel(HIDDEN) ;   // no '*/' anywhere after it
UNTERMINATED_STRING  : '"' ( '\\' . | ~["\\\r\n] )* -> channel(HIDDEN) ;

fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
