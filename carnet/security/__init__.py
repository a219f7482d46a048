"""The site's defences that are not one feature's own: headers, sign-in limits, uploaded images."""
