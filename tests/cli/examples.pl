#!/usr/bin/perl
# examples.pl - the examples of a man page (each literal display of its
# EXAMPLES section) or of a Markdown file (each indented block), as one
# bash script that runs them in order and stops at the first that fails.
#
#	perl examples.pl FILE >script
#
# A display with "$ " prompts holds commands ("$ ", continued by "> " or
# after a line ending in \, | or &&) and what they print: a line printed
# that starts with "PROG:" is an error the command must end with (a
# non-zero exit, and that line on its standard error, up to its first
# digit).  A display without prompts is all commands.  A crontab line
# runs its command.  Lines that run make are the set-up, which the test
# suite is part of: they are left out.  Each command's exit status is
# checked (bash -e, pipefail).  The editor (vi) leaves the file as it is
# and mail reads its message and sends nothing.
use strict;
use warnings;

my $file = shift or die "usage: examples.pl FILE\n";
open(my $fh, '<:encoding(UTF-8)', $file) or die "examples.pl: $file: $!\n";
my @lines = <$fh>;
close($fh);
chomp @lines;
binmode(STDOUT, ':encoding(UTF-8)');

# The blocks: [lines...] each.
my @blocks;
if ($file =~ /\.md$/) {
	my ($in, $prev) = (0, '');
	for my $l (@lines, '') {
		if ($l =~ /^    (.*)$/ && ($in || $prev eq '')) {
			push @blocks, [] unless $in;
			push @{$blocks[-1]}, $1;
			$in = 1;
		} elsif ($l ne '') {
			$in = 0;
		}
		$prev = $l;
	}
} else {
	my ($sect, $in) = ('', 0);
	for my $l (@lines) {
		if ($l =~ /^\.Sh\s+(.*)/) { $sect = $1; next }
		next unless $sect eq 'EXAMPLES';
		if ($l =~ /^\.Bd\s+-literal/) { push @blocks, []; $in = 1; next }
		if ($l =~ /^\.Ed/) { $in = 0; next }
		next unless $in;
		$l =~ s/\\e/\\/g;
		$l =~ s/\\&//g;
		push @{$blocks[-1]}, $l;
	}
}

my $cron = qr{^(?:[0-9*/,-]+\s+){5}(?=\S)};
print "set -e -o pipefail\n";
print "vi() { test -f \"\$1\"; }\nmail() { cat >/dev/null; }\n";
my $n = 0;
for my $b (@blocks) {
	my @cmds;	# [text, error line or undef]
	my $prompts = grep { /^\$ / } @$b;
	my $more = 0;
	for my $l (@$b) {
		if (!$prompts) {
			if ($more) { $cmds[-1][0] .= "\n$l" } else { push @cmds, [$l, undef] }
			$more = $l =~ /(?:\\|\||&&)\s*$/ || $l =~ /^\s*for\b.*;\s*do\s*$/ ||
			    ($more && $l !~ /^\s*done\b/ && $cmds[-1][0] =~ /\bdo\s*$/m && $cmds[-1][0] !~ /\bdone\b/);
			next;
		}
		if ($l =~ /^\$ (.*)$/) {
			push @cmds, [$1, undef];
		} elsif ($l =~ /^> (.*)$/ || ($more && @cmds)) {
			(my $t = $l) =~ s/^> //;
			$cmds[-1][0] .= "\n$t";
		} elsif (@cmds && $l =~ /^[a-z][-a-z]*: / && !defined $cmds[-1][1]) {
			$cmds[-1][1] = $l;	# the error it ends with
		}
		$more = $cmds[-1][0] =~ /(?:\\|\||&&)\s*$/ if @cmds;
	}
	$n++;
	print "echo '# example $n' >&2\n";
	for my $c (@cmds) {
		my ($text, $err) = @$c;
		$text =~ s/$cron//;
		next if $text =~ /^\s*(?:make\b|#|$)/;
		if (defined $err) {
			(my $want = $err) =~ s/\d.*//;
			$want =~ s/'/'\\''/g;
			print "if { $text\n} 2>example.err; then\n";
			print "\techo 'expected to fail' >&2; exit 1\nfi\n";
			print "grep -qF -- '$want' example.err || { cat example.err >&2; exit 1; }\n";
		} else {
			print "$text\n";
		}
	}
}
print "echo '# examples: $n' >&2\n";
