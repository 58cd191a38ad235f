# bash completion for ceu and its programs (@PROGRAMS@).
#
# The words come from the program itself: `PROG __complete WORD...` prints
# the candidates for the last word, read from the option tables it parses
# with, so that what is offered is what the program takes.  A line
# "@file" asks for file names.  Installed as completions/ceu, with a link
# of that name for each program.

_ceu()
{
	local cur prev words cword split
	_init_completion -s || return

	local IFS=$'\n' line prog=${words[0]}
	local -a offered
	[[ $prog == "~/"* ]] && prog=$HOME/${prog#"~/"}
	offered=($("$prog" __complete "${words[@]:1:cword}" \
	    2>/dev/null))
	COMPREPLY=()
	for line in "${offered[@]}"; do
		case $line in
		@file) _filedir ;;
		*) COMPREPLY+=("$line") ;;
		esac
	done
} &&
	complete -F _ceu @PROGRAMS@
