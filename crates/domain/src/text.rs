//! Small text helpers shared by the free-text value types.

/// Length as a person counts it: "é" is one character, not two bytes.
pub(crate) fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// Control characters (newlines, tabs, NUL, bidi-unsafe C1 codes…) break
/// single-line layouts and e-mail headers, so names refuse them.
pub(crate) fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// Gives a validated string newtype the usual conversions. The type must
/// provide `parse(&str) -> Result<Self, ValidationError>` and `as_str()`;
/// deserialising goes through `parse`, so stored or posted data can never
/// smuggle in a value the rules would refuse.
macro_rules! str_value {
    ($ty:ty) => {
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::ValidationError;

            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let raw =
                    <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::parse(&raw).map_err(::serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use str_value;
